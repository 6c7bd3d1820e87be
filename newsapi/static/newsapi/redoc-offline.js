// ReDoc's sidebar shows Redocly's logo, which its bundle fetches from Redocly's CDN: this file,
// loaded before the bundle, points it at a copy served by this site, so that the docs make no
// request off the host (the Content-Security-Policy would refuse it anyway).
(function () {
  "use strict";
  var cdn = "https://cdn.redoc.ly/redoc/logo-mini.svg";
  var local = document.currentScript.getAttribute("data-logo");
  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    return setAttribute.call(this, name, name === "src" && value === cdn ? local : value);
  };
  var src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    configurable: true,
    get: src.get,
    set: function (value) {
      src.set.call(this, value === cdn ? local : value);
    },
  });
})();

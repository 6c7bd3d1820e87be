"""Page clutter: blocks that belong to the web page around an article, not to the article.

Advertising slots, share and follow buttons, newsletter prompts, links to other stories,
copyright footers, reading-time and comment counters, breadcrumbs. Each rule is a pattern over
a whole block (whitespace collapsed) in English, Spanish, French, Portuguese, German and
Italian, with an example that the tests check. A rule matches whole, short blocks only, so an
article paragraph that merely mentions advertising or a newsletter is never taken for clutter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Clutter is a button, a label or a one-line link: never a long paragraph.
_MAX_CLUTTER_LENGTH = 200


@dataclass(frozen=True)
class ClutterRule:
    """A named pattern for one kind of clutter, with an example block it matches."""

    name: str
    pattern: re.Pattern[str]
    example: str

    def matches(self, text: str) -> bool:
        return self.pattern.fullmatch(text) is not None


def _rule(name: str, pattern: str, example: str) -> ClutterRule:
    return ClutterRule(name, re.compile(pattern, re.IGNORECASE), example)


# Links to other stories look like "Label: Headline"; the labels, by language.
_RELATED_LABELS = (
    r"read more|read also|also read|read next|more on this( story)?|see also|related"
    r"( articles?| stories| content| coverage| news| reading)?|recommended( reading)?"
    r"|watch( now| the video| video)?|listen|more from [\w ]{1,30}|most (read|popular|viewed)"
    r"|trending( now)?|popular( now)?|más leíd[oa]s|lo más visto|les plus lus|mais lid[oa]s"
    r"|lee también|lea también|leer más|te puede interesar|le puede interesar"
    r"|también te puede interesar|puede interesarte|más información|noticias relacionadas"
    r"|relacionad[oa]s?|ver también|mira también|ver video"
    r"|lire aussi|à lire aussi|a lire aussi|voir aussi|sur le même sujet|à voir aussi"
    r"|leia também|leia mais|veja também|veja mais|saiba mais|assista"
    r"|lesen sie auch|lesen sie mehr|mehr zum thema|auch interessant|weiterlesen|siehe auch"
    r"|leggi anche|leggi di più|potrebbe interessarti|guarda anche|vedi anche"
    r"|les også|les mer|mer om( dette)?|läs också|läs mer|læs også|læs mere|lees ook|lees meer"
    r"|meer over|meistgelesen|meist gelesen|mest lest|mest lästa|mest læste|meest gelezen"
    r"|(latest|top) stories|more stories|more news|more on [\w ]{1,30}|read our complete coverage"
)
_SOCIAL = r"facebook|twitter|x|instagram|whatsapp|telegram|linkedin|youtube|tiktok|threads"
_SOCIAL += r"|bluesky|mastodon|reddit|pinterest|email|e-mail|print|copy link|messenger|flipboard"
_SOCIAL += r"|tweet|xing|mail|sms"

RULES: tuple[ClutterRule, ...] = (
    _rule(
        "advertisement",
        r"(advertisement|advertising|ad|sponsored( content)?|paid content|publicidad"
        r"|anuncio|contenido patrocinado|publicité|contenu sponsorisé|publicidade|anúncio"
        r"|conteúdo patrocinado|anzeige|werbung|pubblicità|contenuto sponsorizzato"
        r"|(story|article) continues (below|after)( this)?( advertisement| ad)?"
        r"|continúa (leyendo|la nota)|la suite après (cette )?(la )?publicité"
        r"|continua (depois|após) (a|da) publicidade|weiter nach der anzeige"
        r"|skip (advertisement|ad))\W*",
        "Advertisement",
    ),
    _rule(
        "share buttons",
        r"(share( this| the)?( article| story| page| post| item)?( (on|to|via) (" + _SOCIAL + r"))?"
        r"|compart(e|ir)( (esta|la|este) (noticia|nota|artículo))?"
        r"|partager( (cet|l'|l’)\s?article)?|compartilh(e|ar)( (esta|a) (notícia|matéria))?"
        r"|partilh(e|ar)( (este|o) artigo| (esta|a) notícia)?"
        r"|(artikel )?teilen|condividi( (questo|l'|l’)\s?articolo)?"
        r"|(" + _SOCIAL + r")([\s,|·•/]+(" + _SOCIAL + r"))*"
        r"|((share|compartir|partager|partilhar|compartilhar|teilen)\s+(on|by|via|en|por|sur|par"
        r"|no|na|por|auf|per)\s+(" + _SOCIAL + r")[\s,|·•/]*)+)\W*",
        "Share on Facebook Share on X Share by email",
    ),
    _rule(
        "follow us",
        r"(follow us|síguenos|siguenos|suivez[- ]nous|siga[- ]nos|segue[- ]nos"
        r"|folgen sie uns|folge uns|seguici|stay connected|connect with us)\b.{0,120}"
        r"|(follow|siga|sigue|suivez|segue|folgen sie)\s.{0,60}\b(on|no|na|en|sur|em|auf|in)\s+"
        r"(" + _SOCIAL + r")([\s,|·•/]+(and|y|e|et|und|&)?\s*(" + _SOCIAL + r"))*"
        r"(\s+(for|para|pour|für)\b.{0,60})?\W*",
        "Follow us on Facebook, Instagram and X",
    ),
    _rule(
        "newsletter and subscription prompts",
        r"((subscribe|sign up|register|suscríbete|suscribete|regístrate|registrate"
        r"|abonnez[- ]vous|inscrivez[- ]vous|assine|inscreva[- ]se|cadastre[- ]se"
        r"|abonnieren sie|jetzt abonnieren|melden sie sich|iscriviti|abbonati)\b.{0,150}"
        r"|(get|receive|join) (our|the) .{0,60}newsletter.{0,60}|newsletter\W*"
        r"|(get|receive|recevez|recibe|reciba|receba|receive|erhalten sie)\b.{0,100}\b(inbox"
        r"|newsletter|e-?mail|boîte (mail|aux lettres|de réception)|correo|bandeja de entrada"
        r"|caixa de entrada|postfach)\b.{0,40})",
        "Subscribe to our newsletter",
    ),
    _rule(
        "links to other stories",
        r"(" + _RELATED_LABELS + r")(\s*[:：>»›|–—-]\s*.{1,180}|\s+(?-i:[A-ZÀ-ÞÆØÅ«\"“„]).{1,180}"
        r"|\W*)",
        "Read more: Islanders demand new ferry as ageing fleet struggles",
    ),
    _rule(
        "copyright footer",
        r"((©|\(c\)|copyright)\s*(©\s*)?((19|20)\d\d\b|by\b|all\b).{0,180}"
        r"|[^.!?]{1,80}\s(©|\(c\)|copyright)\s*(©\s*)?(19|20)\d\d\W*"
        r"|.{0,120}\b(all rights reserved|todos los derechos reservados|tous droits réservés"
        r"|todos os direitos reservados|alle rechte vorbehalten|tutti i diritti riservati"
        r"|riproduzione riservata|reproduction interdite|reprodução proibida)\b"
        r".{0,80})",
        "© 2025 Northern Isles Courier. All rights reserved.",
    ),
    _rule(
        "reading time",
        r"((reading time|tiempo de lectura|temps de lecture|lecture|tempo de leitura"
        r"|lesezeit|tempo di lettura)\s*:?\s*\d+\s*\w*|\d+\s*(min|mins|minutes?|minutos?"
        r"|minuten|minuti)\.?( de)?\s*(read|reading|lectura|leitura|de lecture|lesezeit"
        r"|lettura)?)\W*",
        "4 min read",
    ),
    _rule(
        "listen and audio players",
        r"(listen to (this|the) (article|story)"
        r"|escuchar?( (esta|la|el|este) (noticia|artículo|nota))?"
        r"|écouter (cet |l'|l’)\s?article|ouvir (esta |a |o )?(notícia|matéria|artigo)"
        r"|artikel (anhören|vorlesen)"
        r"|ascolta (l'|l’)?articolo|audio|anhören|vorlesen|listen|lyssna( på artikeln?)?"
        r"|lytt( til artikkelen)?|lyt( til artiklen)?)\W*",
        "Listen to this article",
    ),
    _rule(
        "comments",
        r"(\d+\s+)?(comments?|comentarios?|commentaires?|comentários?|kommentare?|commenti"
        r"|leave a comment|show comments|view comments|ver comentarios|deja un comentario)\W*",
        "Comments",
    ),
    _rule(
        "breadcrumbs and navigation",
        r"((home|inicio|portada|accueil|início|startseite|home page)(\s*[>»›/|]\s*[^>»›/|]+)+"
        r"|skip to (main )?content|back to top|ir al contenido|volver arriba|menu|menú"
        r"|loading\.*|cargando\.*|chargement\.*|carregando\.*)\W*",
        "Home > World > Asia",
    ),
    _rule(
        "tags and topics",
        r"(tags|topics|temas|etiquetas|mots[- ]clés|thèmes|tópicos|assuntos|schlagwörter"
        r"|themen|argomenti|tag)\s*:.{0,180}",
        "Topics: Fishing, Environment",
    ),
    _rule(
        "app, donation and cookie prompts",
        r"((download|get) (our|the) app|descarga (nuestra|la) app|téléchargez (notre|l')"
        r"|baixe (o|nosso) app|support (our|independent) journalism|apoya el periodismo"
        r"|we use cookies|usamos cookies|nous utilisons des cookies|click here|haz clic aquí"
        r"|pulsa aquí|cliquez ici|clique aqui|hier klicken|clicca qui)\b.{0,150}",
        "Click here to download our app",
    ),
    # Buttons and widget labels of the page's interface, in any language: a caption's show/hide
    # toggle, a picture's zoom and full-screen buttons, "copy link", "save", "print", font
    # size, close and expand, players' controls, log-in links, a gallery's counter ("2 of 12")
    # and icons named by their file ("chevron-right", "Camera Icon"). A scraper keeps their
    # labels as lines of their own.
    _rule(
        "interface controls",
        r"((hide|show|toggle|expand|collapse|view|open|close)( the)? (caption|captions|image"
        r"|photo|picture|gallery)s?|enlarge( this)? (image|photo|picture)|click to enlarge"
        r"|(view|see) (larger|full[- ]size|full) (image|photo|picture)"
        r"|bild(beschreibung|unterschrift|text)? (einblenden|ausblenden|ausklappen|einklappen"
        r"|anzeigen|vergrößern|vergroessern)|(afficher|masquer) la légende|agrandir (l'|l’|la )?"
        r"(image|photo)|(ampliar|ver) (la )?(imagen|foto)|(mostrar|ocultar) (pie de foto|leyenda)"
        r"|ingrandisci (l'|l’)?(immagine|foto)|(vis|skjul) bildetekst|förstora bild(en)?"
        r"|(view |open |exit )?full ?screen|vollbild|plein écran|pantalla completa|tela cheia"
        r"|schermo intero|helskärm|fullskjerm|fuld skærm|volledig scherm|koko näyttö"
        r"|copy( the| this)? link( to clipboard)?|copy to clipboard|link (copied|kopieren|kopiert)"
        r"|copier le lien|lien copié|copiar (el |o )?(link|enlace|vínculo)|(enlace|link) copiado"
        r"|copia (il )?link|link copiato|kopier lenke(n)?|kopiera länk(en)?|kopiér link"
        r"|link kopiëren|kopioi linkki|скопировать ссылку|ссылка скопирована"
        r"|(save|saved|unsave|bookmark)( this)?( story| article)?|(artikel )?(merken|speichern"
        r"|verschenken)|gemerkt|gift (this )?article|enregistrer|sauvegarder|guardar|salvar"
        r"|salva|spara|lagre|opslaan|print( this)?( page| article| story)?|drucken|druckansicht"
        r"|imprimer|imprimir|stampa|skriv ut|(read|open) in (the )?app|lire dans l'app"
        r"|lire dans l’app|zur app|in der app (lesen|öffnen)"
        r"|(increase|decrease|descrease|change|adjust) (the )?(article |text )?(font|text) size"
        r"|\+? ?(text|font) size|schriftgröße( anpassen)?|tamaño de (letra|texto|fuente)"
        r"|taille (du texte|de police)|close( x)?|schließen|schliessen|fermer|cerrar|fechar"
        r"|chiudi|stäng|lukk|luk|sluiten|expand|collapse|ausklappen|einklappen"
        r"|(show|see|view) (more|less|all)|(mehr|weniger|alle) anzeigen|(afficher|voir) plus"
        r"|(ver|mostrar) más|ver mais|mostra (di )?più|\+? ?(vis|visa) (flere|fler|mer)"
        r"|prev(ious)? next|previous|next|zurück|weiter|play( video| now)?|pause|mute|unmute"
        r"|(click|tap) to play( (click|tap) to play)?|log ?(in|out)|sign ?(in|out)|my account"
        r"|(an|ab)melden|einloggen|ausloggen|mein konto|se (dé)?connecter|mon compte"
        r"|(iniciar|cerrar) sesión|mi cuenta|minha conta|accedi|logga (in|ut)|logg (inn|ut)"
        r"|log (ind|ud)|(in|uit)loggen|[\w ]{0,30} icon|icon|(?-i:[a-z]+(-[a-z]+)+)"
        r"|follow|följ|følg|folgen|suivre|dela|del|mejla|e-posta|unsave|plus|minus"
        r"|((image|photo|picture|slide|bild|foto|imagen|imagem|immagine)\s+)?\d{1,3}\s*"
        r"(of|von|de|sur|di|av|af|/)\s*\d{1,3})\W*",
        "Toggle caption",
    ),
    # Notices about the page or the reader's browser rather than the story: the age of an
    # archived article, a request to turn JavaScript on, a player that failed to load, an
    # affiliate-links disclosure.
    _rule(
        "page notices",
        r"((this|the) (article|story|page) is (more than|over) \w+ (years?|months?) old"
        r"|(dieser )?artikel ist (mehr als|über) \w+ jahre? alt|cet article a plus de \w+ ans?"
        r"|este artículo tiene más de \w+ años?"
        r"|.{0,80}\b(enable|activate|turn on|need|requires?|required|trenger|behöver|kræver"
        r"|benötigt|aktivieren|activer|activez|nécessite|habilita|activa|ativar|ative|attiva)\b"
        r".{0,40}\bjavascript\b.{0,100}"
        r"|.{0,60}\bjavascript\b.{0,40}\b(enabled?|disabled|turned off|required|aktiviert"
        r"|deaktiviert|activé|désactivé)\b.{0,80}"
        r"|(we apologi[sz]e, but )?this video (has failed to load|is (not |un)available).{0,150}"
        r"|video (loading|unavailable)|the video will auto-?play soon.{0,40}"
        r"|this (article|post|page) contains affiliate links.{0,180}"
        r"|(we|this site) may earn (a )?commission.{0,150})",
        "This article is more than 5 years old",
    ),
)


def clutter_rule(text: str) -> ClutterRule | None:
    """The rule that makes a block clutter, or ``None`` for article text.

    >>> clutter_rule("Publicidad").name
    'advertisement'
    >>> clutter_rule("The advertisement ran for weeks and drew complaints.") is None
    True
    """
    if len(text) > _MAX_CLUTTER_LENGTH:
        return None
    for rule in RULES:
        if rule.matches(text):
            return rule
    return None


def is_clutter(text: str) -> bool:
    """Whether a block is page clutter: ``is_clutter("Lee también: La sequía ...") is True``."""
    return clutter_rule(text) is not None


# A caption's show/hide button that the scraper glued to the end of the caption's last line.
_CAPTION_TOGGLE_END_RE = re.compile(
    r"\s+(hide|show|toggle|ausblenden|einblenden|masquer|afficher|ocultar|mostrar)"
    r"( the)? (caption|captions|bildunterschrift|légende|leyenda|pie de foto)\W*$",
    re.IGNORECASE,
)


def without_caption_toggle(text: str) -> str:
    """A block without the caption button glued to its end, which stands after the credit.

    >>> without_caption_toggle("Crowds in the square. Ann Lee/AP hide caption")
    'Crowds in the square. Ann Lee/AP'
    """
    return _CAPTION_TOGGLE_END_RE.sub("", text)

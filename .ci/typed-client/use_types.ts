// What a TypeScript client of newsapi writes with the types openapi-typescript generates from
// /api/schema/: compiled with `tsc --strict` in CI (.ci/typed-client/check).
import type { components, paths } from "./schema";

type ArticleDetail = components["schemas"]["ArticleDetail"];
type ArticlePage =
  paths["/api/v1/articles/"]["get"]["responses"][200]["content"]["application/json"];
type Ninjs = components["schemas"]["NinjsItem"];
type CaptionChange = components["schemas"]["PatchedCaptionWithArticleWriteRequest"];

export function titles(page: ArticlePage): string[] {
  return page.results.map((article) => article.title);
}

export function readingOrder(article: ArticleDetail): string[] {
  return article.body.map((block) =>
    block.type === "paragraph" ? block.text : `[image: ${block.caption.credit ?? "no credit"}]`,
  );
}

export function publicationName(article: ArticleDetail): string {
  return article.publication?.name ?? "no outlet";
}

export function headline(item: Ninjs): string | undefined {
  return item.headlines?.find((h) => h.role === "main")?.value;
}

export async function correctCredit(
  base: string,
  token: string,
  captionId: number,
  credit: string,
): Promise<components["schemas"]["CaptionWithArticle"]> {
  const change: CaptionChange = { credit };
  const answer = await fetch(`${base}/api/v1/captions/${captionId}/`, {
    method: "PATCH",
    headers: { Authorization: `Token ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(change),
  });
  return (await answer.json()) as components["schemas"]["CaptionWithArticle"];
}

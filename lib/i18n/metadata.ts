// Page titles from the catalog (`titles.*`): `export const generateMetadata = pageTitle("apps")`.
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

export function pageTitle(key: string): () => Promise<Metadata> {
  return async () => {
    const t = await getTranslations("titles");
    return { title: t(key as never) };
  };
}

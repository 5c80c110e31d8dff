import { useEffect, useState } from "react";
import { api } from "../api/client";
import type { CategoryInfo } from "../api/types";
import { useSession } from "../auth/session";
import { humanize } from "./format";

const cache = new Map<string, Promise<CategoryInfo[]>>();

/** Names for the category slugs the analytics answers carry, fetched once per organisation (the list itself, with
 * counts and reloads, is `useCategoryList` in components/CategoryOptions). */
export function useCategoryNames(): { categories: CategoryInfo[]; nameOf: (slug: string) => string; refresh: () => void } {
  const { organizationId } = useSession();
  const [categories, setCategories] = useState<CategoryInfo[]>([]);
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    if (!organizationId) return undefined;
    let live = true;
    let pending = cache.get(organizationId);
    if (!pending || nonce > 0) {
      pending = api<{ categories: CategoryInfo[] }>("/api/v1/categorizer/categories").then((answer) => answer.categories);
      cache.set(organizationId, pending);
      pending.catch(() => cache.delete(organizationId));
    }
    pending.then((list) => live && setCategories(list)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [organizationId, nonce]);
  const names = new Map(categories.map((category) => [category.slug, category.name]));
  return { categories, nameOf: (slug: string) => names.get(slug) ?? humanize(slug), refresh: () => setNonce((n) => n + 1) };
}

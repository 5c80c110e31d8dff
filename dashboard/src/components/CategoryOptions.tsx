import { api } from "../api/client";
import { UNCATEGORIZED, type Category, type CategoryList } from "../api/ruleTypes";
import { useSession } from "../auth/session";
import { useAsync } from "../lib/useAsync";

/** The organisation's categories (defaults under its own names, then its own), with transaction counts. */
export function useCategoryList() {
  const { organizationId } = useSession();
  return useAsync(
    (signal) => api<CategoryList>("/api/v1/categorizer/categories", { signal }).then((answer) => answer.categories.filter((category) => !category.archived)),
    [organizationId],
  );
}

/**
 * `<option>`s for a category `<select>`, grouped money in / money out. `current` is kept as an option even when the
 * list does not hold it (an archived category, or the list failed to load), so a select never shows a wrong value.
 * `forAssignment`: a select that gives transactions a category; "Uncategorised" is not a category one can give (the
 * categorizer refuses it as a correction), so it appears only to show a row that has none yet.
 */
export function CategoryOptions({
  categories,
  current,
  includeUncategorized = true,
  forAssignment = false,
  exclude,
}: {
  categories: Category[] | undefined;
  current?: string | null;
  includeUncategorized?: boolean;
  forAssignment?: boolean;
  exclude?: string;
}) {
  if (forAssignment) includeUncategorized = current === UNCATEGORIZED;
  const list = (categories ?? []).filter((category) => category.slug !== exclude);
  const income = list.filter((category) => category.group === "income");
  const expense = list.filter((category) => category.group !== "income");
  const known = current && (current === UNCATEGORIZED || list.some((category) => category.slug === current));
  return (
    <>
      {current && !known && <option value={current}>{current.replace(/[_-]+/g, " ")}</option>}
      {includeUncategorized && <option value={UNCATEGORIZED}>Uncategorised</option>}
      {income.length > 0 && (
        <optgroup label="Money in">
          {income.map((category) => (
            <option key={category.slug} value={category.slug}>
              {category.name}
            </option>
          ))}
        </optgroup>
      )}
      {expense.length > 0 && (
        <optgroup label="Money out">
          {expense.map((category) => (
            <option key={category.slug} value={category.slug}>
              {category.name}
            </option>
          ))}
        </optgroup>
      )}
    </>
  );
}

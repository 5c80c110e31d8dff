import { useState } from "react";
import type { Category } from "../../api/ruleTypes";
import { formatCount } from "../../lib/format";
import { CategoryOptions } from "../../components/CategoryOptions";

export const BULK_LIMIT = 1000;

/** What to do with the selected rows: one category for all of them (up to 1,000 at a time). */
export function BulkBar(props: { count: number; categories: Category[] | undefined; busy: boolean; onApply: (slug: string) => void; onClear: () => void }) {
  const { count, categories, busy, onApply, onClear } = props;
  const [slug, setSlug] = useState("");
  const tooMany = count > BULK_LIMIT;
  return (
    <div className="bulk-bar" role="region" aria-label="Selected transactions">
      <strong>{formatCount(count)} selected</strong>
      <label className="bulk-field" htmlFor="bulk-category">
        <span>Move to</span>
        <select id="bulk-category" data-testid="bulk-category" value={slug} onChange={(event) => setSlug(event.target.value)}>
          <option value="">Choose a category…</option>
          <CategoryOptions categories={categories} forAssignment />
        </select>
      </label>
      <button type="button" className="button small" data-testid="bulk-recategorize" disabled={!slug || busy || tooMany} onClick={() => onApply(slug)}>
        {busy ? "Saving…" : "Recategorise selected"}
      </button>
      <button type="button" className="button secondary small" onClick={onClear} disabled={busy}>
        Clear selection
      </button>
      {tooMany && <span className="field-error">At most {formatCount(BULK_LIMIT)} at a time: select fewer.</span>}
    </div>
  );
}

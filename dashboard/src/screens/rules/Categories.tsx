import { useState } from "react";
import { api, withQuery } from "../../api/client";
import { ApiError, networkProblem } from "../../api/problem";
import type { Category, CategoryDeleted } from "../../api/ruleTypes";
import { ErrorNote, Section } from "../../components/Section";
import { useToast } from "../../components/Toasts";
import { formatCount } from "../../lib/format";
import { Link } from "../../lib/router";
import type { AsyncState } from "../../lib/useAsync";
import { ConfirmDialog } from "../../components/Dialog";
import { CategoryOptions } from "../../components/CategoryOptions";

function asProblem(reason: unknown): ApiError {
  return reason instanceof ApiError ? reason : networkProblem(reason);
}

function NewCategoryForm({ onCreated }: { onCreated: (category: Category) => void }) {
  const [name, setName] = useState("");
  const [group, setGroup] = useState<"income" | "expense">("expense");
  const [description, setDescription] = useState("");
  const [slug, setSlug] = useState("");
  const [askSlug, setAskSlug] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const fields = error?.fieldErrors() ?? {};

  async function create() {
    setBusy(true);
    setError(null);
    try {
      const body = { name: name.trim(), group, description: description.trim() || undefined, slug: askSlug && slug.trim() ? slug.trim() : undefined };
      const category = await api<Category>("/api/v1/categorizer/categories", { body });
      onCreated({ ...category, transactions: category.transactions ?? 0 });
      setName("");
      setDescription("");
      setSlug("");
      setAskSlug(false);
    } catch (reason) {
      const problem = asProblem(reason);
      setError(problem);
      if (problem.status === 409 || problem.fieldErrors().slug) setAskSlug(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="category-form"
      data-testid="category-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (name.trim()) void create();
      }}
    >
      <h3>Add a category of your own</h3>
      <div className="grid two">
        <label className="field" htmlFor="category-name">
          Name
          <input id="category-name" value={name} maxLength={60} required onChange={(event) => setName(event.target.value)} placeholder="e.g. Packaging" />
          {fields.name && <span className="field-error">{fields.name}</span>}
        </label>
        <label className="field" htmlFor="category-group">
          For
          <select id="category-group" value={group} onChange={(event) => setGroup(event.target.value as "income" | "expense")}>
            <option value="expense">Money out (an expense)</option>
            <option value="income">Money in (income)</option>
          </select>
          {fields.group && <span className="field-error">{fields.group}</span>}
        </label>
      </div>
      <label className="field" htmlFor="category-description">
        Description (optional)
        <input id="category-description" value={description} maxLength={300} onChange={(event) => setDescription(event.target.value)} />
      </label>
      {askSlug && (
        <label className="field" htmlFor="category-slug">
          Short code
          <input id="category-slug" value={slug} maxLength={48} onChange={(event) => setSlug(event.target.value.toLowerCase())} placeholder="e.g. packaging_2" />
          <span className="hint">2 to 48 small letters, digits and _, starting with a letter. It must differ from existing (and deleted) categories.</span>
          {fields.slug && <span className="field-error">{fields.slug}</span>}
        </label>
      )}
      {error && Object.keys(fields).length === 0 && <ErrorNote error={error} />}
      <button type="submit" className="button" disabled={busy || !name.trim()}>
        {busy ? "Adding…" : "Add category"}
      </button>
    </form>
  );
}

/** The organisation's categories with how many transactions each holds; rename any, delete its own. */
export function Categories({ categories, canWrite, onDeleted }: { categories: AsyncState<Category[]>; canWrite: boolean; onDeleted: () => void }) {
  const toast = useToast();
  const [renaming, setRenaming] = useState<{ slug: string; name: string; error?: string } | null>(null);
  const [deleting, setDeleting] = useState<Category | null>(null);
  const [replacement, setReplacement] = useState("");
  const [busy, setBusy] = useState(false);
  const [deleteError, setDeleteError] = useState<ApiError | null>(null);
  const list = categories.data ?? [];

  async function rename() {
    if (!renaming) return;
    const name = renaming.name.trim();
    if (!name) {
      setRenaming({ ...renaming, error: "Give the category a name" });
      return;
    }
    setBusy(true);
    try {
      const updated = await api<Category>(`/api/v1/categorizer/categories/${encodeURIComponent(renaming.slug)}`, { method: "PATCH", body: { name } });
      categories.setData((previous) => (previous ?? []).map((item) => (item.slug === updated.slug ? { ...item, ...updated, transactions: item.transactions } : item)));
      toast(`Renamed to “${updated.name}”`, "success");
      setRenaming(null);
    } catch (reason) {
      const problem = asProblem(reason);
      setRenaming({ ...renaming, error: problem.fieldErrors().name ?? problem.friendly });
    } finally {
      setBusy(false);
    }
  }

  async function remove(category: Category) {
    setBusy(true);
    setDeleteError(null);
    try {
      const answer = await api<CategoryDeleted>(
        withQuery(`/api/v1/categorizer/categories/${encodeURIComponent(category.slug)}`, { replacement: replacement || undefined }),
        { method: "DELETE" },
      );
      categories.setData((previous) => (previous ?? []).filter((item) => item.slug !== category.slug));
      const moved = answer.transactions_moved ? ` ${formatCount(answer.transactions_moved)} transactions moved.` : "";
      const rules = answer.rules_updated ? ` ${formatCount(answer.rules_updated)} rules updated.` : "";
      toast(`Category “${category.name}” deleted.${moved}${rules}`, "success");
      setDeleting(null);
      onDeleted();
    } catch (reason) {
      setDeleteError(asProblem(reason));
    } finally {
      setBusy(false);
    }
  }

  const needsReplacement = (deleting?.transactions ?? 0) > 0 || deleteError?.problem.type === "category-in-use";

  return (
    <Section
      title="Categories"
      loading={categories.loading && !categories.data}
      error={categories.error}
      onRetry={categories.reload}
      testId="categories-list"
    >
      <div className="table-wrap">
        <table className="categories-table">
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col" className="num">
                Transactions
              </th>
              {canWrite && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {list.map((category) => (
              <tr key={category.slug} data-testid="category-row" data-slug={category.slug}>
                <td>
                  {renaming?.slug === category.slug ? (
                    <form
                      className="rename-form"
                      onSubmit={(event) => {
                        event.preventDefault();
                        void rename();
                      }}
                    >
                      <label htmlFor={`rename-${category.slug}`} className="visually-hidden">
                        New name for {category.name}
                      </label>
                      <input
                        id={`rename-${category.slug}`}
                        autoFocus
                        value={renaming.name}
                        maxLength={60}
                        onChange={(event) => setRenaming({ ...renaming, name: event.target.value, error: undefined })}
                        onKeyDown={(event) => {
                          if (event.key === "Escape") setRenaming(null);
                        }}
                      />
                      <button type="submit" className="button small" disabled={busy}>
                        Save
                      </button>
                      <button type="button" className="button secondary small" onClick={() => setRenaming(null)}>
                        Cancel
                      </button>
                      {renaming.error && <span className="field-error">{renaming.error}</span>}
                    </form>
                  ) : (
                    <>
                      <span className="category-name">{category.name}</span>{" "}
                      <span className={`badge ${category.group === "income" ? "good" : ""}`}>{category.group === "income" ? "Money in" : "Money out"}</span>{" "}
                      {!category.is_default && <span className="badge warn">Yours</span>}
                      {category.description && (
                        <span className="hint category-description" title={category.description}>
                          {category.description}
                        </span>
                      )}
                    </>
                  )}
                </td>
                <td className="num">
                  {category.transactions ? (
                    <Link to={`/transactions?category=${encodeURIComponent(category.slug)}`} title={`Show the transactions in ${category.name}`}>
                      {formatCount(category.transactions)}
                    </Link>
                  ) : (
                    <span className="muted">0</span>
                  )}
                </td>
                {canWrite && (
                  <td className="category-actions">
                    {renaming?.slug !== category.slug && (
                      <button type="button" className="button link" onClick={() => setRenaming({ slug: category.slug, name: category.name })}>
                        Rename<span className="visually-hidden"> {category.name}</span>
                      </button>
                    )}
                    {!category.is_default && (
                      <button
                        type="button"
                        className="button link danger-text"
                        onClick={() => {
                          setDeleting(category);
                          setReplacement("");
                          setDeleteError(null);
                        }}
                      >
                        Delete<span className="visually-hidden"> {category.name}</span>
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canWrite && <NewCategoryForm onCreated={(category) => categories.setData((previous) => [...(previous ?? []), category])} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete “${deleting.name}”?`}
          confirmLabel="Delete category"
          busy={busy}
          confirmDisabled={needsReplacement && !replacement}
          onConfirm={() => void remove(deleting)}
          onClose={() => setDeleting(null)}
        >
          <p>
            {(deleting.transactions ?? 0) > 0
              ? `${formatCount(deleting.transactions ?? 0)} transactions are in this category. Choose where they (and any rules that use it) go.`
              : "Nothing is filed under it. Any rule that uses it can be moved to another category."}
          </p>
          <label className="field" htmlFor="delete-replacement">
            Move to{needsReplacement ? "" : " (optional)"}
            <select id="delete-replacement" value={replacement} onChange={(event) => setReplacement(event.target.value)}>
              <option value="">{needsReplacement ? "Choose a category…" : "Nowhere"}</option>
              <CategoryOptions categories={categories.data} exclude={deleting.slug} includeUncategorized={false} />
            </select>
          </label>
          <ErrorNote error={deleteError} />
        </ConfirmDialog>
      )}
    </Section>
  );
}

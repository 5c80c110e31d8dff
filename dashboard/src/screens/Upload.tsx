import { api } from "../api/client";
import type { Statement } from "../api/statementTypes";
import { useSession } from "../auth/session";
import { PageHeader } from "../components/Section";
import { usePeriod } from "../lib/period";
import { useAsync } from "../lib/useAsync";
import { StatementList } from "./upload/StatementList";
import { UploadPanel } from "./upload/UploadPanel";
import "./upload/Upload.css";

/** Upload statements and see every statement of the organisation with its reconciliation verdict. */
export function UploadScreen() {
  const { can } = useSession();
  const { reloadSpan } = usePeriod();
  const statements = useAsync((signal) => api<{ statements: Statement[] }>("/api/v1/analytics/statements", { query: { limit: 100 }, signal }), []);
  const changed = () => {
    statements.reload();
    reloadSpan();
  };
  return (
    <div>
      <PageHeader title="Upload" subtitle="Statements are read, checked line by line and sorted into categories in seconds. Uploading one twice never counts anything twice." />
      {can("statements:write") ? (
        <UploadPanel onStored={changed} />
      ) : (
        <p className="note note-info">Your role can look at statements but not upload them. Ask an admin of the organisation.</p>
      )}
      <StatementList statements={statements} onChanged={changed} />
    </div>
  );
}

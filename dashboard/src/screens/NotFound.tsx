import { PageHeader } from "../components/Section";
import { Link } from "../lib/router";

export function NotFoundScreen() {
  return (
    <div>
      <PageHeader title="Page not found" subtitle="The address does not match any page of the dashboard." />
      <p>
        <Link to="/">Go to the overview</Link>
      </p>
    </div>
  );
}

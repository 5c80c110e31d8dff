import type { ReactNode } from "react";
import { Link } from "../lib/router";
import { Section } from "./Section";

/** The empty state of a screen that needs a statement first: what it will show, and the way to Upload. */
export function NoDataYet({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <Section testId={testId}>
      <div className="state">
        <h2>{title}</h2>
        <p>{children}</p>
        <Link to="/upload" className="button">
          Upload a statement
        </Link>
      </div>
    </Section>
  );
}

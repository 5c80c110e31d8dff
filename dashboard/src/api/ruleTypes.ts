/** The categorizer (`/api/v1/categorizer/…`): categories, rules, dry runs, suggestions and recategorisation jobs. */
import { formatKES } from "../lib/format";
import { kindLabel } from "./ledgerTypes";

export interface Category {
  slug: string;
  name: string;
  group: "income" | "expense";
  description: string;
  is_default: boolean;
  archived: boolean;
  replaced_by?: string | null;
  /** How many of the organisation's transactions are in it. */
  transactions?: number | null;
}

export interface CategoryList {
  categories: Category[];
}

export interface CategoryDeleted {
  slug: string;
  replacement?: string | null;
  transactions_moved: number;
  rules_updated: number;
}

export type TriggerField =
  | "details"
  | "counterparty"
  | "phone"
  | "shortcode"
  | "account_reference"
  | "kind"
  | "direction"
  | "amount_cents"
  | "weekday"
  | "hour"
  | "day_of_month";

export type TriggerOperator =
  | "contains"
  | "not_contains"
  | "is"
  | "is_not"
  | "starts_with"
  | "ends_with"
  | "matches"
  | "one_of"
  | "not_one_of"
  | "gt"
  | "gte"
  | "lt"
  | "lte"
  | "between";

export interface RuleTrigger {
  field: TriggerField;
  operator: TriggerOperator;
  value?: string;
  values?: string[];
  min?: number;
  max?: number;
}

export type ActionType = "set_category" | "rename_counterparty" | "add_tag";

export interface RuleAction {
  type: ActionType;
  value: string;
}

export type RuleStage = "pre" | "default" | "post";

/** A rule as sent (create, dry run). */
export interface RuleDraft {
  id?: string;
  name: string;
  stage?: RuleStage;
  priority?: number;
  match?: "all" | "any";
  triggers: RuleTrigger[];
  actions: RuleAction[];
  stop_processing?: boolean;
  active?: boolean;
  version?: number;
}

export interface StoredRule {
  id: string;
  name: string;
  stage: RuleStage;
  priority: number;
  match: "all" | "any";
  triggers: RuleTrigger[];
  actions: RuleAction[];
  stop_processing: boolean;
  active: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface RuleList {
  rules: StoredRule[];
}

export interface DryRunExample {
  transaction_id: string;
  details: string;
  amount_cents: number;
  direction: "in" | "out";
  from: string;
  to: string;
}

export interface DryRunAnswer {
  scanned: number;
  /** Transactions the rule fires on. */
  matched: number;
  would_change: number;
  kept_manual: number;
  /** from category → to category → transactions. */
  transitions: Record<string, Record<string, number>>;
  examples: DryRunExample[];
  truncated: boolean;
}

export interface Suggestion {
  id: string;
  counterparty_key: string;
  category: string;
  /** Identical corrections behind it. */
  evidence: number;
  status: "pending" | "accepted" | "dismissed";
  rule?: RuleDraft | null;
  rule_id?: string | null;
  created_at: string;
  decided_at?: string | null;
}

export interface SuggestionList {
  suggestions: Suggestion[];
}

export interface SuggestionDecision {
  suggestion: Suggestion;
  rule?: StoredRule | null;
}

export interface RecategorizeJob {
  id: string;
  status: "queued" | "running" | "succeeded" | "failed";
  include_manual: boolean;
  total: number;
  processed: number;
  changed: number;
  progress: number;
  error?: string | null;
  created_at: string;
  started_at?: string | null;
  finished_at?: string | null;
}

export interface JobList {
  jobs: RecategorizeJob[];
}

export const UNCATEGORIZED = "uncategorized";

/** A category's name for people (the organisation's own names; slugs only as a last resort). */
export function categoryName(categories: Category[] | undefined, slug: string | null | undefined): string {
  if (!slug) return "—";
  if (slug === UNCATEGORIZED) return "Uncategorised";
  const found = categories?.find((category) => category.slug === slug);
  if (found) return found.name;
  const text = slug.replace(/[_-]+/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const FIELD_LABELS: Record<TriggerField, string> = {
  details: "Details text",
  counterparty: "Name of the other party",
  phone: "Phone number",
  shortcode: "Paybill or till number",
  account_reference: "Account number (paybill)",
  kind: "Type of transaction",
  direction: "Money in or out",
  amount_cents: "Amount",
  weekday: "Day of the week",
  hour: "Hour of the day",
  day_of_month: "Day of the month",
};

export const FIELDS = Object.keys(FIELD_LABELS) as TriggerField[];

export const OPERATOR_LABELS: Record<TriggerOperator, string> = {
  contains: "contains",
  not_contains: "does not contain",
  is: "is",
  is_not: "is not",
  starts_with: "starts with",
  ends_with: "ends with",
  matches: "matches the pattern",
  one_of: "is one of",
  not_one_of: "is none of",
  gt: "is more than",
  gte: "is at least",
  lt: "is less than",
  lte: "is at most",
  between: "is between",
};

export type FieldType = "text" | "choice" | "number";

export function fieldType(field: TriggerField): FieldType {
  if (field === "kind" || field === "direction" || field === "weekday") return "choice";
  if (field === "amount_cents" || field === "hour" || field === "day_of_month") return "number";
  return "text";
}

/** The operators the categorizer accepts for a field (RuleValidator), in the order offered. */
export function operatorsFor(field: TriggerField): TriggerOperator[] {
  if (field === "kind" || field === "direction") return ["is", "is_not"];
  if (field === "weekday") return ["is", "is_not"];
  if (fieldType(field) === "number") return ["is", "gt", "gte", "lt", "lte", "between", "is_not"];
  return ["contains", "is", "starts_with", "ends_with", "one_of", "not_contains", "is_not", "not_one_of", "matches"];
}

export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export const STAGES: { value: RuleStage; label: string; hint: string }[] = [
  { value: "pre", label: "First", hint: "runs before your other rules" },
  { value: "default", label: "Normal", hint: "most rules" },
  { value: "post", label: "Last", hint: "has the final word" },
];

function valueText(field: TriggerField, value: string | number | undefined): string {
  if (value === undefined || value === "") return "…";
  const text = String(value);
  if (field === "amount_cents") return /^\d+$/.test(text) ? formatKES(Number(text)) : text;
  if (field === "kind") return kindLabel(text);
  if (field === "direction") return text === "in" ? "money in" : text === "out" ? "money out" : text;
  if (field === "weekday") return WEEKDAYS[Number(text)] ?? text;
  if (field === "hour") return `${text.padStart(2, "0")}:00`;
  return `“${text}”`;
}

/** "Details text contains “bidco”". */
export function describeTrigger(trigger: RuleTrigger): string {
  const field = FIELD_LABELS[trigger.field] ?? trigger.field;
  const operator = OPERATOR_LABELS[trigger.operator] ?? trigger.operator;
  if (trigger.operator === "between") {
    return `${field} ${operator} ${valueText(trigger.field, trigger.min)} and ${valueText(trigger.field, trigger.max)}`;
  }
  if (trigger.operator === "one_of" || trigger.operator === "not_one_of") {
    return `${field} ${operator} ${(trigger.values ?? []).map((value) => valueText(trigger.field, value)).join(", ")}`;
  }
  return `${field} ${operator} ${valueText(trigger.field, trigger.value)}`;
}

export function describeAction(action: RuleAction, categories: Category[] | undefined): string {
  switch (action.type) {
    case "set_category":
      return `file under ${categoryName(categories, action.value)}`;
    case "rename_counterparty":
      return `call the other party “${action.value}”`;
    case "add_tag":
      return `add the tag “${action.value}”`;
    default:
      return `${String(action.type)} ${action.value}`;
  }
}

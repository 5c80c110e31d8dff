import { fieldType, operatorsFor, type RuleAction, type RuleDraft, type RuleStage, type RuleTrigger, type TriggerField, type TriggerOperator } from "../../api/ruleTypes";
import { parseKES } from "../../lib/format";

/** A condition as typed in the form (amounts in shillings, lists as comma text). */
export interface TriggerDraft {
  key: number;
  field: TriggerField;
  operator: TriggerOperator;
  value: string;
  min: string;
  max: string;
}

export interface RuleForm {
  name: string;
  match: "all" | "any";
  triggers: TriggerDraft[];
  category: string;
  tag: string;
  rename: string;
  stage: RuleStage;
  priority: string;
  stopProcessing: boolean;
  active: boolean;
}

let nextKey = 1;

export function newTrigger(field: TriggerField = "details"): TriggerDraft {
  return { key: nextKey++, field, operator: operatorsFor(field)[0], value: "", min: "", max: "" };
}

export function emptyForm(): RuleForm {
  return { name: "", match: "all", triggers: [newTrigger()], category: "", tag: "", rename: "", stage: "default", priority: "100", stopProcessing: false, active: true };
}

/** Errors keyed like the API's pointers without the leading slash: `name`, `triggers/0/value`, `actions/1/value`, `priority`. */
export type DraftErrors = Record<string, string>;

export interface BuiltRule {
  rule: RuleDraft;
  /** Every condition has its value(s) and there is something to do. */
  complete: boolean;
  errors: DraftErrors;
  /** Which form input each action index came from (to place the API's errors). */
  actionInputs: ("category" | "tag" | "rename")[];
}

function number(field: TriggerField, text: string): { value?: string; error?: string } {
  const trimmed = text.trim();
  if (!trimmed) return {};
  if (field === "amount_cents") {
    const cents = parseKES(trimmed);
    if (cents === null || cents < 0) return { error: "Enter an amount in shillings, such as 1,500 or 250.50" };
    return { value: String(cents) };
  }
  if (!/^\d{1,2}$/.test(trimmed)) return { error: field === "hour" ? "Enter an hour from 0 to 23" : "Enter a day from 1 to 31" };
  const value = Number(trimmed);
  if (field === "hour" && value > 23) return { error: "Enter an hour from 0 to 23" };
  if (field === "day_of_month" && (value < 1 || value > 31)) return { error: "Enter a day from 1 to 31" };
  return { value: String(value) };
}

function list(text: string): string[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}

/** The rule the form describes, as the categorizer takes it. */
export function buildRule(form: RuleForm): BuiltRule {
  const errors: DraftErrors = {};
  let complete = true;
  const triggers: RuleTrigger[] = form.triggers.map((draft, index) => {
    const trigger: RuleTrigger = { field: draft.field, operator: draft.operator };
    const type = fieldType(draft.field);
    if (draft.operator === "between") {
      const min = number(draft.field, draft.min);
      const max = number(draft.field, draft.max);
      if (min.error) errors[`triggers/${index}/min`] = min.error;
      if (max.error) errors[`triggers/${index}/max`] = max.error;
      if (min.value === undefined || max.value === undefined) complete = false;
      else {
        trigger.min = Number(min.value);
        trigger.max = Number(max.value);
        if (trigger.min > trigger.max) errors[`triggers/${index}/max`] = "The second number must be at least the first";
      }
    } else if (draft.operator === "one_of" || draft.operator === "not_one_of") {
      const values: string[] = [];
      for (const part of list(draft.value)) {
        if (type === "number") {
          const parsed = number(draft.field, part);
          if (parsed.error) errors[`triggers/${index}/values`] = parsed.error;
          else if (parsed.value !== undefined) values.push(parsed.value);
        } else values.push(part);
      }
      if (values.length === 0) complete = false;
      trigger.values = values;
    } else if (type === "number") {
      const parsed = number(draft.field, draft.value);
      if (parsed.error) errors[`triggers/${index}/value`] = parsed.error;
      if (parsed.value === undefined) complete = false;
      else trigger.value = parsed.value;
    } else {
      if (!draft.value.trim()) complete = false;
      trigger.value = type === "text" ? draft.value : draft.value.trim();
    }
    return trigger;
  });
  if (triggers.length === 0) complete = false;

  const actions: RuleAction[] = [];
  const actionInputs: BuiltRule["actionInputs"] = [];
  if (form.category) {
    actions.push({ type: "set_category", value: form.category });
    actionInputs.push("category");
  }
  if (form.tag.trim()) {
    actions.push({ type: "add_tag", value: form.tag.trim() });
    actionInputs.push("tag");
  }
  if (form.rename.trim()) {
    actions.push({ type: "rename_counterparty", value: form.rename.trim() });
    actionInputs.push("rename");
  }
  if (actions.length === 0) complete = false;

  let priority = 100;
  if (!/^-?\d{1,7}$/.test(form.priority.trim())) errors.priority = "Enter a whole number (lower runs first)";
  else priority = Number(form.priority.trim());

  const rule: RuleDraft = {
    name: form.name.trim(),
    stage: form.stage,
    priority,
    match: form.match,
    triggers,
    actions,
    stop_processing: form.stopProcessing,
    active: form.active,
  };
  return { rule, complete: complete && Object.keys(errors).length === 0, errors, actionInputs };
}

/**
 * The API's field errors (pointers such as `/rule/triggers/0/value` from a dry run, `/triggers/0/value` from a save)
 * re-keyed to the form: `actions/N/value` becomes `category`, `tag` or `rename`.
 */
export function formErrors(fields: Record<string, string>, actionInputs: BuiltRule["actionInputs"]): DraftErrors {
  const out: DraftErrors = {};
  for (const [raw, message] of Object.entries(fields)) {
    const key = raw.replace(/^\/?(rule\/)?/, "");
    const action = /^actions\/(\d+)/.exec(key);
    if (action) out[actionInputs[Number(action[1])] ?? "actions"] = message;
    else if (/^triggers\/\d+\/values\/\d+$/.test(key)) out[key.replace(/\/\d+$/, "")] = message;
    else out[key] = message;
  }
  return out;
}

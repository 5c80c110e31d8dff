import { useRef, useState, type RefObject } from "react";
import { useToast } from "../../components/Toasts";

/** Copies text to the clipboard; where the browser refuses, selects the shown text so the person can copy it by hand. */
export async function copyText(text: string, fallback?: HTMLElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall through to selecting the text */
  }
  if (fallback) {
    if (fallback instanceof HTMLInputElement || fallback instanceof HTMLTextAreaElement) {
      fallback.focus();
      fallback.select();
    } else {
      const range = document.createRange();
      range.selectNodeContents(fallback);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    }
    try {
      if (document.execCommand("copy")) return true;
    } catch {
      /* the text stays selected */
    }
  }
  return false;
}

/** A Copy button for text shown elsewhere on the page (`target` is selected when the clipboard is not available). */
export function CopyButton(props: { text: string; label: string; target?: RefObject<HTMLElement>; className?: string; buttonText?: string }) {
  const { text, label, target, className = "button secondary", buttonText = "Copy" } = props;
  const toast = useToast();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className={className}
      aria-label={copied ? undefined : `Copy ${label.toLowerCase()}`}
      onClick={async () => {
        const ok = await copyText(text, target?.current);
        setCopied(ok);
        toast(ok ? `${label} copied` : "Copying did not work here: the text is selected, press Ctrl+C (or long-press and Copy)", ok ? "success" : "info");
      }}
    >
      {copied ? "Copied" : buttonText}
    </button>
  );
}

/** A secret shown once: read-only text with a Copy button. */
export function CopyBox({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const field = useRef<HTMLInputElement>(null);
  const id = `copy-${label.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <div className="copy-box">
      <label className="visually-hidden" htmlFor={id}>
        {label}
      </label>
      <input id={id} ref={field} readOnly value={text} spellCheck={false} onFocus={(event) => event.currentTarget.select()} data-testid={testId} />
      <CopyButton text={text} label={label} target={field} />
    </div>
  );
}

import { cn } from "./ui/cn";

export type CodeBlockProps = {
  code: string;
  /** Names the block for assistive tech, e.g. "Example: OpenAI SDK through Auriko". */
  label: string;
  /** Small caption shown above the code, e.g. a file name. */
  title?: string;
  className?: string;
};

/**
 * A read-only code sample. The scroll container is focusable so keyboard users can scroll
 * long lines (axe: scrollable-region-focusable). No highlighting library: plain, offline, CSP-friendly.
 */
export function CodeBlock({ code, label, title, className }: CodeBlockProps) {
  return (
    <figure className={cn("overflow-hidden rounded-lg border border-slate-800 bg-slate-900 shadow-sm dark:border-slate-700", className)}>
      {title ? (
        <figcaption className="border-b border-slate-800 px-4 py-2 font-mono text-xs text-slate-300 dark:border-slate-700">
          {title}
        </figcaption>
      ) : null}
      <pre role="region" aria-label={label} tabIndex={0} className="overflow-x-auto p-4 text-sm leading-relaxed text-slate-100">
        <code className="font-mono">{code}</code>
      </pre>
    </figure>
  );
}

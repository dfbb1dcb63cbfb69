/** Shared look of text inputs, selects and textareas, so they line up in forms. */
export const controlClasses =
  "block w-full rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm " +
  "placeholder:text-slate-500 " +
  "focus-visible:border-brand-600 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-600 " +
  "disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-600 " +
  "aria-invalid:border-red-700 aria-invalid:focus-visible:outline-red-700 " +
  "dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400 " +
  "dark:focus-visible:border-brand-300 dark:focus-visible:outline-brand-300 " +
  "dark:disabled:bg-slate-800 dark:disabled:text-slate-400 " +
  "dark:aria-invalid:border-red-400 dark:aria-invalid:focus-visible:outline-red-400";

import type { ReactNode } from "react";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import { env } from "@/lib/env";

/**
 * The long-form public pages (/security, /security/disclosure): the site frame, a title
 * block, an "On this page" index beside the text, and titled sections. Each page lists
 * its sections once; `sectionsOf` turns that list into the Section component it uses.
 */
export type ArticleSection<Id extends string = string> = { readonly id: Id; readonly title: string };

export const textLink =
  "font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800 dark:text-brand-300 dark:hover:text-brand-200";

export function sectionsOf<Id extends string>(sections: readonly ArticleSection<Id>[]) {
  return function Section({ id, children }: { id: Id; children: ReactNode }) {
    const title = sections.find((s) => s.id === id)?.title;
    return (
      <section id={id} aria-labelledby={`${id}-title`} className="border-t border-slate-200 pt-10 dark:border-slate-800">
        <h2 id={`${id}-title`} className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-white">
          {title}
        </h2>
        <div className="mt-4 space-y-4 text-slate-700 dark:text-slate-300 [&_li]:pl-1 [&_ol]:list-decimal [&_ol]:space-y-2 [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:space-y-2 [&_ul]:pl-5">
          {children}
        </div>
      </section>
    );
  };
}

/** The operator's disclosure address (AURIKO_SECURITY_CONTACT) as a mail link. */
export function SecurityContact() {
  const contact = env().AURIKO_SECURITY_CONTACT;
  return (
    <a href={`mailto:${contact}`} className={textLink}>
      {contact}
    </a>
  );
}

export function ArticlePage({
  current,
  eyebrow,
  title,
  intro,
  sections,
  children,
}: {
  current: string;
  eyebrow: ReactNode;
  title: string;
  intro: ReactNode;
  sections: readonly ArticleSection[];
  children: ReactNode;
}) {
  return (
    <>
      <SiteHeader current={current} />
      <main id="main-content" className="mx-auto w-full max-w-6xl flex-1 px-4 py-16 sm:px-6">
        <div className="max-w-3xl">
          <p className="text-sm font-semibold text-brand-700 dark:text-brand-300">{eyebrow}</p>
          <h1 className="mt-2 text-4xl font-semibold tracking-tight text-slate-900 dark:text-white">{title}</h1>
          {intro}
        </div>

        <div className="mt-12 lg:grid lg:grid-cols-[14rem_1fr] lg:gap-12">
          <nav aria-label="On this page" className="mb-10 lg:mb-0">
            <p className="text-sm font-semibold text-slate-900 dark:text-white">On this page</p>
            <ul className="mt-3 space-y-2 text-sm lg:sticky lg:top-24">
              {sections.map((s) => (
                <li key={s.id}>
                  <a href={`#${s.id}`} className="text-slate-600 hover:text-slate-900 hover:underline dark:text-slate-400 dark:hover:text-white">
                    {s.title}
                  </a>
                </li>
              ))}
            </ul>
          </nav>

          <div className="max-w-3xl min-w-0 space-y-12">{children}</div>
        </div>
      </main>
      <SiteFooter />
    </>
  );
}

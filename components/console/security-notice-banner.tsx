import Link from "next/link";
import { Timestamp } from "@/components/ui";

export type BannerNotice = { id: string; title: string; createdAt: Date };

/**
 * Security notices that still ask for this member's attention, above every page of the
 * workspace. A landmark with a name rather than a live region: it is there on arrival,
 * not news on each navigation.
 */
export function SecurityNoticeBanner({ slug, notices }: { slug: string; notices: BannerNotice[] }) {
  if (notices.length === 0) return null;
  const base = `/w/${encodeURIComponent(slug)}/notices`;
  return (
    <section
      aria-label="Security notices"
      className="mb-6 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-semibold">
        {notices.length === 1 ? "Security notice for this workspace" : `${notices.length} security notices for this workspace`}
      </p>
      <ul className="mt-1 space-y-1">
        {notices.map((n) => (
          <li key={n.id}>
            <Link href={`${base}#notice-${n.id}`} className="font-medium underline">
              {n.title}
            </Link>{" "}
            <span>
              (<Timestamp at={n.createdAt} dateOnly />)
            </span>
          </li>
        ))}
      </ul>
      <p className="mt-2">Read what happened and what to do on the notices page.</p>
    </section>
  );
}

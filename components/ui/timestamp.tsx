import { formatDate, formatDateTime, isoString } from "@/lib/console/format";

export type TimestampProps = {
  at: Date | string;
  /** The day only ("29 Nov 2026"); by default the time in UTC as well. */
  dateOnly?: boolean;
  className?: string;
};

/** A point in time as the console shows it: UTC, spelled out, machine-readable in `dateTime`. */
export function Timestamp({ at, dateOnly, className }: TimestampProps) {
  return (
    <time dateTime={isoString(at)} className={className}>
      {dateOnly ? formatDate(at) : formatDateTime(at)}
    </time>
  );
}

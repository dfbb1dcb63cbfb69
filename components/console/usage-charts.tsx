"use client";

import type { ReactNode } from "react";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { bucketLabel, formatCount, formatMs, formatUsd } from "@/lib/console/usage-format";
import type { SeriesPoint } from "@/lib/usage";

/*
 * The usage charts. Colours are CSS variables set per theme on the wrapper (the class
 * strategy of next-themes flips them), so the SVG follows light and dark mode without
 * re-rendering. Pairs were picked for contrast on white and on slate-900.
 */
const THEME = [
  "[--chart-a:#1f57cc] [--chart-b:#0f766e] [--chart-c:#b45309] [--chart-d:#b91c1c]",
  "[--chart-axis:#475569] [--chart-grid:#e2e8f0] [--chart-tip-bg:#ffffff] [--chart-tip-fg:#0f172a] [--chart-tip-border:#cbd5e1]",
  "dark:[--chart-a:#8cbaff] dark:[--chart-b:#5eead4] dark:[--chart-c:#fbbf24] dark:[--chart-d:#fca5a5]",
  "dark:[--chart-axis:#94a3b8] dark:[--chart-grid:#1e293b] dark:[--chart-tip-bg:#0f172a] dark:[--chart-tip-fg:#f1f5f9] dark:[--chart-tip-border:#334155]",
].join(" ");

const axis = { stroke: "var(--chart-grid)", tick: { fill: "var(--chart-axis)", fontSize: 12 }, tickLine: false } as const;
const tooltipProps = {
  contentStyle: { background: "var(--chart-tip-bg)", color: "var(--chart-tip-fg)", border: "1px solid var(--chart-tip-border)", borderRadius: 8, fontSize: 12 },
  labelStyle: { color: "var(--chart-tip-fg)", fontWeight: 600 },
  itemStyle: { color: "var(--chart-tip-fg)" },
  cursor: { fill: "var(--chart-grid)", stroke: "var(--chart-grid)" },
} as const;
const legendProps = { wrapperStyle: { fontSize: 12, color: "var(--chart-axis)" } } as const;

type ChartProps = { data: SeriesPoint[]; bucket: "hour" | "day" };

function Frame({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  return (
    <figure className={`${THEME} rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900`}>
      <figcaption className="mb-3">
        <span className="block text-sm font-semibold text-slate-900 dark:text-white">{title}</span>
        <span className="block text-xs text-slate-600 dark:text-slate-400">{description}</span>
      </figcaption>
      {children}
    </figure>
  );
}

const chartStyle = { width: "100%", height: 240 } as const;
const margin = { top: 4, right: 8, bottom: 0, left: 0 };
const label = (bucket: ChartProps["bucket"]) => (t: unknown) => bucketLabel(Number(t), bucket);
/** Short axis ticks: "80 ms", "1.5 s". */
const axisMs = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);

export function RequestsChart({ data, bucket }: ChartProps) {
  return (
    <Frame title="Requests by status" description="Successful requests, client errors (4xx) and provider or gateway errors (5xx).">
      <BarChart data={data} responsive style={chartStyle} margin={margin} title="Requests by status">
        <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
        <XAxis dataKey="t" tickFormatter={label(bucket)} {...axis} minTickGap={16} />
        <YAxis allowDecimals={false} tickFormatter={(v: number) => formatCount(v)} {...axis} width={48} />
        <Tooltip labelFormatter={label(bucket)} formatter={(v) => formatCount(Number(v))} {...tooltipProps} />
        <Legend {...legendProps} />
        <Bar dataKey="ok" name="2xx / other" stackId="s" fill="var(--chart-a)" isAnimationActive={false} />
        <Bar dataKey="errors4xx" name="4xx" stackId="s" fill="var(--chart-c)" isAnimationActive={false} />
        <Bar dataKey="errors5xx" name="5xx" stackId="s" fill="var(--chart-d)" isAnimationActive={false} />
      </BarChart>
    </Frame>
  );
}

export function TokensChart({ data, bucket }: ChartProps) {
  return (
    <Frame title="Tokens" description="Prompt and completion tokens (estimated where the provider reported none).">
      <AreaChart data={data} responsive style={chartStyle} margin={margin} title="Tokens">
        <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
        <XAxis dataKey="t" tickFormatter={label(bucket)} {...axis} minTickGap={16} />
        <YAxis tickFormatter={(v: number) => formatCount(v)} {...axis} width={48} />
        <Tooltip labelFormatter={label(bucket)} formatter={(v) => formatCount(Number(v))} {...tooltipProps} />
        <Legend {...legendProps} />
        <Area type="monotone" dataKey="promptTokens" name="Prompt" stackId="t" stroke="var(--chart-a)" fill="var(--chart-a)" fillOpacity={0.25} isAnimationActive={false} />
        <Area type="monotone" dataKey="completionTokens" name="Completion" stackId="t" stroke="var(--chart-b)" fill="var(--chart-b)" fillOpacity={0.25} isAnimationActive={false} />
      </AreaChart>
    </Frame>
  );
}

export function LatencyChart({ data, bucket }: ChartProps) {
  return (
    <Frame title="Latency" description="Whole-request latency p50 and p95, and time to first token p50 for streams.">
      <LineChart data={data} responsive style={chartStyle} margin={margin} title="Latency">
        <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
        <XAxis dataKey="t" tickFormatter={label(bucket)} {...axis} minTickGap={16} />
        <YAxis tickFormatter={axisMs} {...axis} width={64} />
        <Tooltip labelFormatter={label(bucket)} formatter={(v) => formatMs(v === null || v === undefined ? null : Number(v))} {...tooltipProps} />
        <Legend {...legendProps} />
        <Line type="monotone" dataKey="latencyP50" name="p50" stroke="var(--chart-a)" dot={{ r: 2.5 }} strokeWidth={2} connectNulls isAnimationActive={false} />
        <Line type="monotone" dataKey="latencyP95" name="p95" stroke="var(--chart-d)" dot={{ r: 2.5 }} strokeWidth={2} connectNulls isAnimationActive={false} />
        <Line type="monotone" dataKey="ttfbP50" name="TTFT p50" stroke="var(--chart-b)" dot={{ r: 2.5 }} strokeWidth={2} strokeDasharray="4 3" connectNulls isAnimationActive={false} />
      </LineChart>
    </Frame>
  );
}

export function SpendChart({ data, bucket }: ChartProps) {
  return (
    <Frame title={bucket === "hour" ? "Estimated spend by hour" : "Estimated spend by day"} description="Tokens × the price table; models without a price count as $0.">
      <BarChart data={data} responsive style={chartStyle} margin={margin} title="Estimated spend">
        <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
        <XAxis dataKey="t" tickFormatter={label(bucket)} {...axis} minTickGap={16} />
        <YAxis tickFormatter={(v: number) => formatUsd(v)} {...axis} width={64} />
        <Tooltip labelFormatter={label(bucket)} formatter={(v) => formatUsd(Number(v))} {...tooltipProps} />
        <Bar dataKey="costUsd" name="Spend (USD)" fill="var(--chart-b)" isAnimationActive={false} />
      </BarChart>
    </Frame>
  );
}

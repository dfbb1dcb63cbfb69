import { describe, expectTypeOf, it } from "vitest";
import type { ActionResult } from "../errors";
import type { RecentPage } from "../usage";
import type {
  AccountActionData,
  AccountActionName,
  OperatorActionData,
  OperatorActionName,
  runAccountAction,
  runWorkspaceAction,
  WorkspaceActionData,
  WorkspaceActionName,
} from "./registry";

/*
 * Type-level checks, enforced by `npm run typecheck` (vitest only runs the empty bodies).
 * They fail when an entry's result stops flowing through the runner, e.g. a run function
 * widened to Promise<unknown> or an untyped service returning any: callers would then be
 * back to casting `result.data`.
 */

type Opaque<T> = 0 extends 1 & T ? true : unknown extends T ? true : false;
type OpaqueNames<Names extends string, Data extends Record<Names, unknown>> = { [N in Names]: Opaque<Data[N]> extends true ? N : never }[Names];

describe("action registry types", () => {
  it("gives every action a result type that is neither unknown nor any", () => {
    expectTypeOf<OpaqueNames<WorkspaceActionName, { [N in WorkspaceActionName]: WorkspaceActionData<N> }>>().toEqualTypeOf<never>();
    expectTypeOf<OpaqueNames<AccountActionName, { [N in AccountActionName]: AccountActionData<N> }>>().toEqualTypeOf<never>();
    expectTypeOf<OpaqueNames<OperatorActionName, { [N in OperatorActionName]: OperatorActionData<N> }>>().toEqualTypeOf<never>();
  });

  it("types a runner's result by the action name it is given", () => {
    expectTypeOf<ReturnType<typeof runWorkspaceAction<"usage.recent">>>().toEqualTypeOf<Promise<ActionResult<RecentPage>>>();
    expectTypeOf<Awaited<ReturnType<typeof runAccountAction<"invitation.accept">>>>().toEqualTypeOf<ActionResult<{ slug: string }>>();
    expectTypeOf<WorkspaceActionData<"apiKeys.create">["key"]>().toEqualTypeOf<string>();
  });
});

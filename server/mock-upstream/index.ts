/**
 * Local mock upstream: a node:http server speaking the OpenAI and Anthropic wire formats
 * for integration tests, the benchmark (as its zero-overhead baseline) and demos.
 * It never touches the network beyond its own listening socket.
 */
export { startMockUpstream } from "./server";
export type { MockUpstream, MockUpstreamOptions, RecordedRequest } from "./types";

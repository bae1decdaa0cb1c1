// What every operation file gets: the endpoint's transport and this Engine's default deadline.
import type { Transport } from "./transport";

export interface OpContext {
  t: Transport;
  endpoint: string;
  timeoutMs: number;
}

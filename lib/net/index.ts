// Outbound address policy (T31): what the portal may connect to on a tenant's behalf.
export { parseIp, parseCidr, cidrContains, formatIp, type Ip, type Cidr } from "./ip";
export { classifyAddress, builtInCategory, type AddressPolicy, type AddressVerdict, type RefusalReason } from "./address-policy";
export { vetOutboundHost, systemLookup, machineAddresses, type OutboundDeps, type OutboundVerdict, type ResolvedAddress } from "./vet-outbound-host";

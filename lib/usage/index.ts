export { getUsage, usageCsv, type UsageAnswer, type UsageRowDto } from "./get-usage";
export { listPrices, setPrices, readPrices, type PriceDto } from "./prices";
export { sampleUsage, costOf, toCsv, csvCell } from "./usage-model";

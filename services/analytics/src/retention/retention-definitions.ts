/** The definitions a retention answer states in its `meta` (formulas: domain.md section 5). */
export const retentionDefinitions = (activeDays: number) => ({
  customer: 'a customer id not merged into another; a merged-away id counts for its survivor with its purchases (an order once); an erased customer stays counted by id',
  active: `active at instant t: a purchase in the ${activeDays} x 24 h before t (activeDays)`,
  retention: 'retention = (E - N) / S: S active at the month start, E active at its end (first instant of the next month, business time zone), N new: first purchase ever in the month',
  churn: 'churn = lost / S: lost = active at the start and not at the end',
  repeatPurchase: 'repeat-purchase rate = customers with 2+ purchases / customers with 1+ purchases in the window (window=month: the month; year: the 12 months ending with it); refunded purchases still count as purchases',
  cohorts: 'cohort = month of the first purchase; share at k = cohort members with a purchase in the k-th month after / cohort size',
});

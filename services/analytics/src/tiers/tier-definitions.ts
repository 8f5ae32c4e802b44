/** The definitions a tier answer states in its `meta`. */
export const tierDefinitions = {
  tierInForce: "the override's tier while it lasts, else the computed one; none once withdrawn (evolveTierStanding, tierInForce of @ctp/contracts)",
  movement: 'a tier event after which the tier in force differs from the one before it; from / to are the tiers in force before and after (none: no tier)',
  distribution: "customers = customers whose tier in force at the month's end (first instant of the next month, business time zone) is the tier; share = customers / tiered (customers with any tier then)",
  movements: 'movements = tier movements whose event occurred in the month (business time zone), counted per from tier, to tier and direction',
};

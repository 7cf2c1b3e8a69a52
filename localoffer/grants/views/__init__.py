"""The grant's pages, by audience: `public` (the policy, the checker, the statement), `family` (decisions,
renewals, spending), `coordinator` (cases, evaluation, decision, flagged spending, renewals) and `managers`
(policy versions, the what-if model, payments, the budget, the statement). Views parse, call one service or
selector, and render; forms turn answers into values."""

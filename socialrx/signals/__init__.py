"""Public-health and drug-safety signals from aggregates (issue 9).

- ``aberration``: EARS C1, C2, C3 and a one-sided CUSUM over a weekly or daily series, and the
  alerts they raise (which series, when, how far above expected, since when).
- ``ilinet``: CDC FluView ILINet weekly %ILI series, seasons, the CDC national baseline and the
  season onset.
- ``backtest``: the detectors run on ILINet seasons: onsets signalled, weeks early or late,
  false alarms (``socialrx signals backtest``).
- ``disproportionality``: PRR and ROR with 95% confidence intervals, χ² and the Evans criteria
  from (product, reaction) case pairs, and their suppressed CSV export.
- ``syndromes``: syndrome mentions (personal, news, figurative, other) and their daily counts.
- ``cases``: adverse-event cases in a small open vocabulary and their line listing.
- ``run``: all signals of a period from inbound items (``socialrx signals run``, the dashboard,
  the reports), and how they are shown (suppressed).

Pure Python (no SQL, no network, no clock); counts below 11 are suppressed with
``socialrx.measure``'s helpers wherever they are shown.
"""

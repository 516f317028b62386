"""The revenue profile: a firm's level matched, its trend fitted and bounded."""

import numpy as np
import pandas as pd
import pytest

from convergence.calibration import revenue_scale
from convergence.calibration.revenue_scale import (
    TREND_BOUND,
    apply_revenue_scale,
    fiscal_year_maturity,
    monetization_adjustment,
)
from convergence.calibration.targets import load_targets

HALF_LIFE = 6.0


def _ratios(firm: str, level: float, growth: float, years=(2013, 2014, 2015)) -> dict[int, float]:
    return {y: float(np.exp(level + growth * fiscal_year_maturity(firm, y, HALF_LIFE))) for y in years}


def test_level_and_trend_are_recovered_when_inside_the_bound():
    level, growth = np.log(1.7), np.log(1.2)
    assert monetization_adjustment("Baidu", _ratios("Baidu", level, growth), HALF_LIFE) == pytest.approx(
        (level, growth))
    assert monetization_adjustment("Baidu", {2016: 2.0}, HALF_LIFE) == pytest.approx((np.log(2.0), 0.0))


def test_trend_is_bounded_and_the_first_year_still_matches():
    ratios = _ratios("Weibo", 0.0, np.log(2.5))
    level, slope = monetization_adjustment("Weibo", ratios, HALF_LIFE)
    assert slope == pytest.approx(np.log1p(TREND_BOUND))
    assert level + slope * fiscal_year_maturity("Weibo", 2013, HALF_LIFE) == pytest.approx(np.log(ratios[2013]))
    # The bound is on the firm's total growth: one already at +20% may add only the rest.
    _, extra = monetization_adjustment("Weibo", _ratios("Weibo", 0.0, np.log(2.5)), HALF_LIFE, current_growth=0.2)
    assert np.log1p(0.2) + extra == pytest.approx(np.log1p(TREND_BOUND))


def test_scaled_revenue_matches_every_in_sample_year_of_a_firm_inside_the_bound(monkeypatch):
    monkeypatch.setattr(revenue_scale, "current_growth", lambda: {})
    targets = load_targets()
    jd = targets[targets.model_output.str.contains(r"\|JD\.com\|")]
    keys = list(jd.model_output)
    observed = dict(zip(jd.model_output, jd.observed))
    # Simulated = observed / (2 * 1.1^M): monetization half as high and 10% a year slower.
    factor = {k: 2.0 * 1.1 ** fiscal_year_maturity("JD.com", int(k[-4:]), HALF_LIFE) for k in keys}
    statistics = pd.DataFrame({"mean": [observed[k] / factor[k] for k in keys], "p05": 0.0, "p95": 0.0},
                              index=keys)
    scaled = apply_revenue_scale(statistics, jd, HALF_LIFE)
    assert np.allclose(scaled["mean"], [observed[k] for k in keys])

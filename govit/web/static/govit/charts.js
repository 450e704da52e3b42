/*
 * GovIT dashboards: draws every <div class="govit-chart" data-chart="ID"> with ECharts from
 * the JSON spec that the page holds in <script type="application/json" id="ID"> (Django's
 * json_script).  No inline script or style: the Content Security Policy forbids both.
 *
 * Spec (govit.web.dashboards.common.Chart.spec):
 *   {"kind": "bar" | "line" | "pie", "horizontal": bool, "stacked": bool,
 *    "categories": ["2024", ...],
 *    "series": [{"name": "批复", "money": true, "data": [1500000.0, ...]}, ...]}
 * Money is in yuan: axes show it compactly (150万), tooltips in full (1,500,000.00).
 * The same numbers are in the table view next to each chart.
 */
(function () {
  "use strict";

  var COLOURS = ["#b71c1c", "#1565c0", "#2e7d32", "#f9a825", "#6a1b9a", "#00838f", "#ef6c00"];
  var lang = document.documentElement.lang || "zh-CN";
  var compact = new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 });
  var full = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var plain = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  var charts = [];

  function formatter(money, long) {
    return function (value) {
      var number = Number(value);
      if (!money) {
        return plain.format(number);
      }
      return long ? full.format(number) : compact.format(number);
    };
  }

  function tooltipFor(spec) {
    var money = spec.series.map(function (s) { return s.money; });
    return {
      trigger: spec.kind === "pie" ? "item" : "axis",
      confine: true,
      valueFormatter: money.every(Boolean) ? formatter(true, true) : formatter(false, true),
    };
  }

  function pieOption(spec) {
    var first = spec.series[0];
    return {
      color: COLOURS,
      tooltip: { trigger: "item", confine: true, valueFormatter: formatter(first.money, true) },
      legend: { type: "scroll", bottom: 0 },
      series: [{
        name: first.name,
        type: "pie",
        radius: ["35%", "65%"],
        center: ["50%", "45%"],
        label: { formatter: "{b}\n{d}%" },
        // An empty slice would still print "0%" on the ring; the table view keeps the zero.
        data: spec.categories.map(function (name, i) {
          return { name: name, value: first.data[i] };
        }).filter(function (item) { return item.value > 0; }),
      }],
    };
  }

  function axisOption(spec) {
    var money = spec.series.some(function (s) { return s.money; });
    var categoryAxis = {
      type: "category",
      data: spec.categories,
      axisLabel: { hideOverlap: true, width: 120, overflow: "truncate" },
    };
    var valueAxis = { type: "value", axisLabel: { formatter: formatter(money, false) } };
    if (!money) {
      valueAxis.minInterval = 1;  // counts: 0, 1, 2 — never 0.2
    }
    return {
      color: COLOURS,
      tooltip: tooltipFor(spec),
      legend: spec.series.length > 1 ? { type: "scroll", top: 0 } : { show: false },
      grid: { left: 8, right: 16, top: spec.series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
      xAxis: spec.horizontal ? valueAxis : categoryAxis,
      yAxis: spec.horizontal ? Object.assign({ inverse: true }, categoryAxis) : valueAxis,
      series: spec.series.map(function (s) {
        return {
          name: s.name,
          type: spec.kind === "line" ? "line" : "bar",
          stack: spec.stacked ? "total" : undefined,
          data: s.data,
          emphasis: { focus: "series" },
        };
      }),
    };
  }

  function fitHeight(element, spec) {
    // Horizontal bars get a row per category, so that long department names stay readable.
    if (spec.horizontal) {
      element.style.height = Math.max(240, spec.categories.length * 26 + 40) + "px";
    }
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source || !window.echarts) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    fitHeight(element, spec);
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(spec.kind === "pie" ? pieOption(spec) : axisOption(spec));
    charts.push(chart);
  }

  function resizeAll() {
    charts.forEach(function (chart) { chart.resize(); });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".govit-chart[data-chart]"), draw);
    var pending = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(resizeAll, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

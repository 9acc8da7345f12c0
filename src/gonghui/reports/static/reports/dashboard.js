/* Statistics dashboard: draws the bar and line charts from the data of their tables.
 * ECharts comes from the project's static files. Without it (or without script) the
 * chart boxes stay hidden and the tables below them carry the same figures. */
(function () {
  "use strict";

  function start() {
    var source = document.getElementById("dashboard-charts");
    if (!source || typeof window.echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    var charts = [];

    function draw(id, option, onClick) {
      var box = document.getElementById(id);
      if (!box) return;
      box.hidden = false; // shown only once it can be drawn
      var chart = window.echarts.init(box, null, { renderer: "canvas" });
      chart.setOption(option);
      if (onClick) chart.on("click", onClick);
      charts.push(chart);
    }

    function tooltip(texts) {
      return {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        formatter: function (items) {
          var item = items[0];
          var label = document.createElement("span");
          label.textContent = item.name + "：" + texts[item.dataIndex];
          return label.innerHTML; // names are escaped, never read as HTML
        },
      };
    }

    var bar = data.bar;
    draw("chart-children", {
      animation: false,
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: tooltip(bar.texts),
      legend: { show: false },
      xAxis: { type: "category", data: bar.names,
               axisLabel: { interval: 0, rotate: bar.names.length > 4 ? 30 : 0 } },
      yAxis: { type: "value", name: bar.unit, minInterval: 1 },
      series: [{ type: "bar", name: bar.title, data: bar.values, itemStyle: { color: "#c8102e" },
                 cursor: "pointer" }],
    }, function (params) {
      // Drill down: a bar opens that organization's own dashboard.
      var link = bar.links[params.dataIndex];
      if (link) window.location.href = link;
    });

    var line = data.line;
    draw("chart-trend", {
      animation: false,
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: tooltip(line.texts),
      xAxis: { type: "category", data: line.months, boundaryGap: false },
      yAxis: { type: "value", name: line.unit, minInterval: 1 },
      series: [{ type: "line", name: line.title, data: line.values, symbolSize: 8,
                 itemStyle: { color: "#0969da" }, cursor: "pointer" }],
    }, function (params) {
      // A month's point opens the records behind that month's value.
      var link = line.links[params.dataIndex];
      if (link) window.location.href = link;
    });

    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

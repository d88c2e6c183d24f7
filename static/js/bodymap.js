// Body map: a click on the front or back outline fills in the side, x and y of a
// mark. The form works without this script; it only saves typing the numbers.
(function () {
  "use strict";
  var drawing = document.querySelector("#bodymap-input svg");
  if (!drawing) {
    return;
  }
  var marks = Array.prototype.slice.call(document.querySelectorAll(".bodymap-mark"));
  var current = null;

  marks.forEach(function (mark) {
    mark.addEventListener("focusin", function () {
      current = mark;
    });
  });

  function field(mark, name) {
    return mark.querySelector("[name$='-" + name + "']");
  }

  function target() {
    if (current) {
      return current;
    }
    for (var i = 0; i < marks.length; i++) {
      var x = field(marks[i], "x");
      if (x && x.value === "") {
        return marks[i];
      }
    }
    return marks[marks.length - 1] || null;
  }

  function preview(side, x, y) {
    var old = side.querySelector(".bodymap-preview");
    if (old) {
      old.remove();
    }
    var dot = document.createElementNS("http://www.w3.org/2000/svg", "circle");
    dot.setAttribute("class", "bodymap-preview");
    dot.setAttribute("cx", x);
    dot.setAttribute("cy", y);
    dot.setAttribute("r", 8);
    dot.setAttribute("fill", "none");
    dot.setAttribute("stroke", "#c62828");
    dot.setAttribute("stroke-width", 3);
    side.appendChild(dot);
  }

  drawing.querySelectorAll(".bodymap-side").forEach(function (side) {
    side.addEventListener("click", function (event) {
      var mark = target();
      var matrix = side.getScreenCTM();
      if (!mark || !matrix) {
        return;
      }
      var point = drawing.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var local = point.matrixTransform(matrix.inverse());
      var x = Math.max(0, Math.min(200, Math.round(local.x)));
      var y = Math.max(0, Math.min(400, Math.round(local.y)));
      field(mark, "side").value = side.getAttribute("data-side");
      field(mark, "x").value = x;
      field(mark, "y").value = y;
      preview(side, x, y);
      var description = field(mark, "description");
      if (description) {
        description.focus();
      }
    });
  });
})();

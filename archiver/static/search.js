// The archive's search page: Pagefind's own UI (written into pagefind/ by the build), with
// result links made relative so the site works from any folder of a static host, and the
// query taken from ?q= (the search box on the index sends it).
(function () {
  "use strict";
  var note = document.getElementById("search-note");
  function say(text) {
    note.textContent = text;
    note.hidden = false;
  }
  if (location.protocol === "file:") {
    say("Search needs the site served over HTTP (any static server, e.g. " +
        "`python3 -m http.server` in the site's folder). Browsing works from here.");
    return;
  }
  if (typeof PagefindUI === "undefined") {
    say("The search index is missing: build the site again with `archiver site`.");
    return;
  }
  // One Pagefind bundle per year of articles (search/<year>/), newest first: the first is
  // the UI's own, the others are merged into its results. Bundle URLs are absolute, as
  // Pagefind loads them from its own script's folder.
  var bundles = document.getElementById("search").dataset.bundles.split(" ")
    .filter(Boolean).map(function (b) { return new URL(b, location.href).href; });
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: bundles[0],
    mergeIndex: bundles.slice(1).map(function (b) { return { bundlePath: b }; }),
    showSubResults: false,
    showImages: false,
    processResult: function (result) {
      // Pagefind answers root-absolute URLs; this page sits at the site's root.
      result.url = result.url.replace(/^\/+/, "");
      return result;
    }
  });
  var query = new URLSearchParams(location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();

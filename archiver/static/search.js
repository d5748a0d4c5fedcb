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
  var ui = new PagefindUI({
    element: "#search",
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

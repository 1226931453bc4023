// Registers the site's post format and stylesheet with Decap CMS, then starts it with config.json.
(function () {
  "use strict";
  var format = window.CampaignHeaderFormat;
  window.CMS.registerCustomFormat("campaign-header", "md", {
    fromFile: format.fromFile,
    toFile: format.toFile,
  });
  // The preview pane is drawn with the site's own stylesheet.
  window.CMS.registerPreviewStyle("/theme/css/site.css");
  // The configuration is read here, not by Decap: Decap ignores a config.yml that a host serves
  // without a YAML content type, and nginx and Python's servers do not know .yml.
  window.fetch("config.json", { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (config) {
      config.load_config_file = false;
      // Decap wants the local proxy's address absolute; only the page knows its own origin.
      var api = document.documentElement.getAttribute("data-local-api");
      if (api) {
        config.local_backend = { url: new URL(api, window.location.href).href,
                                 allowed_hosts: ["127.0.0.1", "localhost"] };
      }
      window.CMS.init({ config: config });
    });
})();

// Loaded before decap-cms.js: the editor waits until admin.js has registered our post format.
// (A file of its own, because the page's Content-Security-Policy allows no inline script.)
window.CMS_MANUAL_INIT = true;

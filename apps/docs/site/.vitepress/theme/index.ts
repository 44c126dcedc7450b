// The site's theme: VitePress's default theme, with the API console component, a 404
// page that offers the site's main pages, and the site's colours.
import DefaultTheme from "vitepress/theme";
import type { Theme } from "vitepress";
import { h } from "vue";
import ApiConsole from "./ApiConsole.vue";
import NotFound from "./NotFound.vue";
import "./custom.css";

const theme: Theme = {
  extends: DefaultTheme,
  Layout: () => h(DefaultTheme.Layout, null, { "not-found": () => h(NotFound) }),
  enhanceApp({ app }) {
    app.component("ApiConsole", ApiConsole);
  },
};

export default theme;

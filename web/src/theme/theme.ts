import { alpha, createTheme, responsiveFontSizes } from "@mui/material/styles";
import type { PaletteMode, Theme } from "@mui/material";

declare module "@mui/material/styles" {
  interface Theme {
    layout: {
      appBarHeight: number;
      primaryDrawerWidth: number;
      primaryDrawerClosed: number;
      secondaryDrawerWidth: number;
    };
  }
  interface ThemeOptions {
    layout?: Partial<Theme["layout"]>;
  }
}

// IBM Plex Sans when the machine has it, otherwise the platform's UI font: no font CDN.
const FONT_STACK = [
  '"IBM Plex Sans"',
  "system-ui",
  "-apple-system",
  '"Segoe UI"',
  "Roboto",
  '"Helvetica Neue"',
  "Arial",
  "sans-serif",
].join(",");

const BRAND = "#5b5bd6";

export function createAppTheme(mode: PaletteMode, reduceMotion = false): Theme {
  const dark = mode === "dark";
  let theme = createTheme({
    layout: {
      appBarHeight: 56,
      primaryDrawerWidth: 240,
      primaryDrawerClosed: 72,
      secondaryDrawerWidth: 240,
    },
    palette: {
      mode,
      primary: { main: dark ? "#8b8cf5" : BRAND },
      secondary: { main: dark ? "#4fd1c5" : "#0f8f83" },
      background: dark
        ? { default: "#1b1c21", paper: "#232429" }
        : { default: "#f7f7fa", paper: "#ffffff" },
      text: dark
        ? { primary: "#ececf1", secondary: "#a9abb6" }
        : { primary: "#1d1e26", secondary: "#5c5f6e" },
      divider: dark ? "rgba(255,255,255,0.09)" : "rgba(20,20,40,0.10)",
    },
    shape: { borderRadius: 10 },
    typography: {
      fontFamily: FONT_STACK,
      body1: { fontWeight: 400, letterSpacing: "-0.1px" },
      body2: { fontWeight: 400, fontSize: "0.9rem", letterSpacing: "-0.1px" },
      h6: { fontWeight: 700, letterSpacing: "-0.3px" },
      button: { textTransform: "none", fontWeight: 600 },
    },
    transitions: reduceMotion ? { create: () => "none" } : undefined,
    components: {
      MuiButtonBase: { defaultProps: { disableRipple: reduceMotion } },
      MuiAppBar: { defaultProps: { color: "default", elevation: 0 } },
      MuiCssBaseline: {
        styleOverrides: (t: Theme) => ({
          "html, body, #root": { height: "100%" },
          body: { overscrollBehavior: "none" },
          // Keyboard users must always see where they are.
          ":focus-visible": { outline: `2px solid ${t.palette.primary.main}`, outlineOffset: 2 },
          "@media (prefers-reduced-motion: reduce)": {
            "*, *::before, *::after": {
              animationDuration: "0.01ms !important",
              animationIterationCount: "1 !important",
              transitionDuration: "0.01ms !important",
              scrollBehavior: "auto !important",
            },
          },
        }),
      },
      MuiListItemButton: {
        styleOverrides: {
          root: ({ theme: t }) => ({
            borderRadius: 8,
            "&.Mui-selected": {
              backgroundColor: alpha(t.palette.primary.main, dark ? 0.22 : 0.12),
            },
            "&.Mui-focusVisible": {
              outline: `2px solid ${t.palette.primary.main}`,
              outlineOffset: -2,
            },
          }),
        },
      },
      MuiCard: { styleOverrides: { root: { backgroundImage: "none" } } },
      MuiPaper: { styleOverrides: { root: { backgroundImage: "none" } } },
    },
  });
  theme = responsiveFontSizes(theme);
  return theme;
}

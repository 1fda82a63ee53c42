import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { CssBaseline, ThemeProvider, useMediaQuery } from "@mui/material";
import type { PaletteMode } from "@mui/material";
import { createAppTheme } from "../theme/theme";

const STORAGE_KEY = "parley.color-mode";

interface ColorModeContextValue {
  mode: PaletteMode;
  toggleColorMode(): void;
}

const ColorModeContext = createContext<ColorModeContextValue | null>(null);

function storedMode(): PaletteMode | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === "dark" || value === "light" ? value : null;
  } catch {
    return null;
  }
}

/**
 * Light/dark theme. Until the user picks one, the system preference decides (a well-formed
 * `(prefers-color-scheme: dark)` query, unlike the original's); a pick is kept in localStorage.
 */
export function ColorModeProvider({ children }: { children: ReactNode }) {
  const prefersDark = useMediaQuery("(prefers-color-scheme: dark)", { noSsr: true });
  const reduceMotion = useMediaQuery("(prefers-reduced-motion: reduce)", { noSsr: true });
  const [chosen, setChosen] = useState<PaletteMode | null>(storedMode);
  const mode: PaletteMode = chosen ?? (prefersDark ? "dark" : "light");

  const toggleColorMode = useCallback(() => {
    const next = mode === "dark" ? "light" : "dark";
    setChosen(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted; the choice still holds for this page.
    }
  }, [mode]);

  useEffect(() => {
    document.documentElement.style.colorScheme = mode;
  }, [mode]);

  const theme = useMemo(() => createAppTheme(mode, reduceMotion), [mode, reduceMotion]);
  const value = useMemo(() => ({ mode, toggleColorMode }), [mode, toggleColorMode]);

  return (
    <ColorModeContext.Provider value={value}>
      <ThemeProvider theme={theme}>
        <CssBaseline enableColorScheme />
        {children}
      </ThemeProvider>
    </ColorModeContext.Provider>
  );
}

export function useColorMode(): ColorModeContextValue {
  const value = useContext(ColorModeContext);
  if (!value) throw new Error("useColorMode must be used inside <ColorModeProvider>");
  return value;
}

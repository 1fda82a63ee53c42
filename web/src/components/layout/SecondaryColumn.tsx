import type { ReactNode } from "react";
import { Box } from "@mui/material";
import { useTheme } from "@mui/material/styles";

export function SecondaryColumn({ children }: { children: ReactNode }) {
  const theme = useTheme();
  const { appBarHeight, secondaryDrawerWidth } = theme.layout;
  return (
    <Box
      component="aside"
      sx={{
        flexShrink: 0,
        width: secondaryDrawerWidth,
        mt: `${appBarHeight}px`,
        height: `calc(100dvh - ${appBarHeight}px)`,
        borderRight: `1px solid ${theme.palette.divider}`,
        bgcolor: "background.paper",
        overflowY: "auto",
      }}
    >
      {children}
    </Box>
  );
}

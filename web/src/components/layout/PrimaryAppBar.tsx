import { AppBar, Box, IconButton, Link, Toolbar, Typography } from "@mui/material";
import MenuIcon from "@mui/icons-material/Menu";
import ForumRoundedIcon from "@mui/icons-material/ForumRounded";
import { Link as RouterLink } from "react-router-dom";
import { useTheme } from "@mui/material/styles";
import { AccountMenu } from "./AccountMenu";

export function PrimaryAppBar({ onOpenNavigation }: { onOpenNavigation?: () => void }) {
  const theme = useTheme();
  return (
    <AppBar
      position="fixed"
      sx={{
        zIndex: theme.zIndex.drawer + 2,
        backgroundColor: theme.palette.background.default,
        borderBottom: `1px solid ${theme.palette.divider}`,
      }}
    >
      <Toolbar
        variant="dense"
        sx={{ height: theme.layout.appBarHeight, minHeight: theme.layout.appBarHeight, gap: 1 }}
      >
        {onOpenNavigation && (
          <IconButton edge="start" aria-label="Open navigation" onClick={onOpenNavigation}>
            <MenuIcon />
          </IconButton>
        )}
        <Link
          component={RouterLink}
          to="/"
          underline="none"
          color="inherit"
          sx={{ display: "flex", alignItems: "center", gap: 1, borderRadius: 1 }}
        >
          <ForumRoundedIcon color="primary" />
          <Typography variant="h6" component="span" noWrap>
            Parley
          </Typography>
        </Link>
        <Box sx={{ flexGrow: 1 }} />
        <AccountMenu />
      </Toolbar>
    </AppBar>
  );
}

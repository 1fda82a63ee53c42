import { useEffect, useState } from "react";
import { Alert } from "@mui/material";

/** Says so when the browser has lost its network connection. */
export function OfflineNotice() {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  if (online) return null;
  return (
    <Alert severity="warning" variant="filled" square role="status" sx={{ borderRadius: 0 }}>
      You're offline. Parley will reconnect when your connection is back.
    </Alert>
  );
}

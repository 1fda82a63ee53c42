import { BrowserRouter, Route, Routes } from "react-router-dom";
import { ErrorBoundary } from "./components/ErrorBoundary";
import { ProtectedRoute } from "./components/ProtectedRoute";
import { AuthProvider } from "./context/AuthContext";
import { ColorModeProvider } from "./context/ColorModeContext";
import { GatewayProvider } from "./context/GatewayContext";
import { DirectMessagesPage } from "./pages/DirectMessagesPage";
import { ReadStateProvider } from "./context/ReadStateContext";
import { ExplorePage } from "./pages/ExplorePage";
import { InvitePage } from "./pages/InvitePage";
import { LoginPage } from "./pages/LoginPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { RegisterPage } from "./pages/RegisterPage";
import { ServerPage } from "./pages/ServerPage";

export function App() {
  return (
    <ColorModeProvider>
      <ErrorBoundary>
        <BrowserRouter>
          <AuthProvider>
            <GatewayProvider>
              <ReadStateProvider>
                <Routes>
                  <Route path="/" element={<ExplorePage />} />
                  <Route path="/explore/:categoryName" element={<ExplorePage />} />
                  <Route
                    path="/server/:serverId/:channelId?"
                    element={
                      <ProtectedRoute>
                        <ServerPage />
                      </ProtectedRoute>
                    }
                  />
                  <Route
                    path="/dms/:channelId?"
                    element={
                      <ProtectedRoute>
                        <DirectMessagesPage />
                      </ProtectedRoute>
                    }
                  />
                  <Route path="/invite/:code" element={<InvitePage />} />
                  <Route path="/login" element={<LoginPage />} />
                  <Route path="/register" element={<RegisterPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Routes>
              </ReadStateProvider>
            </GatewayProvider>
          </AuthProvider>
        </BrowserRouter>
      </ErrorBoundary>
    </ColorModeProvider>
  );
}

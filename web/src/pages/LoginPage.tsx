import { Link } from "@mui/material";
import { Link as RouterLink, Navigate, useLocation, useNavigate } from "react-router-dom";
import { AuthForm } from "../components/AuthForm";
import { useAuth } from "../context/AuthContext";
import { loginErrors } from "../services/authService";

interface LoginLocationState {
  from?: string;
  registered?: boolean;
}

export function LoginPage() {
  const { status, login } = useAuth();
  const navigate = useNavigate();
  const state = (useLocation().state ?? {}) as LoginLocationState;
  const destination = state.from ?? "/";

  if (status === "authenticated") return <Navigate to={destination} replace />;

  return (
    <AuthForm
      title="Sign in"
      submitLabel="Log in"
      notice={state.registered ? "Account created. You can sign in now." : undefined}
      onSubmit={async (credentials) => {
        try {
          await login(credentials);
          navigate(destination, { replace: true });
          return null;
        } catch (error) {
          return loginErrors(error);
        }
      }}
      footer={
        <>
          New to Parley?{" "}
          <Link component={RouterLink} to="/register" state={state}>
            Create an account
          </Link>
        </>
      }
    />
  );
}

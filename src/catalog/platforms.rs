//! Hosting platforms: whether each sets `PORT`, where it routes traffic, and what its users see
//! when an app listens in the wrong place.
//!
//! **Adding a platform**: a [`Platform`] variant, its row in [`Platform::facts`], the manifest
//! that names it in `lang/manifest.rs` (a `Service` per deployment it declares, and its
//! `FileKind`), a fixture project under `fixtures/platforms/` or `fixtures/deployments/`, and
//! its lines in `docs/deployments.md`.
//!
//! **Where the facts were checked**: each platform's own
//! documentation (Heroku's dyno start-up behaviour and R10 article, Render's web services
//! tutorial, Fly's configuration reference and troubleshooting guide, Railway's docs, Google's
//! container contract and App Engine runtime pages, DigitalOcean's app spec, Kubernetes' and
//! Docker's references).

/// A platform a project can target, detected from its manifests or named in the config
/// (`platform = "fly"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Platform {
    Heroku,
    /// Heroku's Fir generation: like Heroku, but a web process must listen on IPv6
    /// (`[::]:$PORT`). Not detectable from the repository: named in the config.
    HerokuFir,
    Render,
    Fly,
    Railway,
    AppEngine,
    CloudRun,
    DigitalOcean,
    Kubernetes,
    Compose,
    /// Staas.io: a Procfile platform whose `PORT` is the stack variable the user sets in its
    /// dashboard. No manifest names it: it is chosen with `platform = "staas"`.
    Staas,
}

/// How a platform routes traffic to the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Routing {
    /// It sets `PORT` and routes there; the manifest declares no port.
    Port,
    /// It routes to a port the manifest declares and sets `PORT` to that same port (Cloud Run's
    /// `containerPort`, DigitalOcean's `http_port`): a literal equal to it works too.
    DeclaredAndPort,
    /// It routes to a port the manifest declares and sets no `PORT` (Fly's `internal_port`,
    /// compose's `ports:`, Kubernetes' `containerPort`).
    Declared,
}

/// What bindlint knows of one platform.
#[derive(Debug)]
pub struct PlatformFacts {
    /// The name users know (`Fly.io`) and the one the config takes (`fly`).
    pub name: &'static str,
    pub config_name: &'static str,
    pub routing: Routing,
    /// The port it routes to when the manifest names none.
    pub default_port: Option<u16>,
    /// What its users see when the app does not listen where it routes, quoted in messages.
    pub symptom: &'static str,
    /// Its network needs IPv6 (all of it, or its private network): fixes and help lines use
    /// `::` for servers that bind it dual-stack.
    pub needs_ipv6: bool,
    /// The other way out of a hard-coded port, where the platform's `PORT` is the user's to set.
    pub port_advice: Option<&'static str>,
}

impl Platform {
    /// Every platform, in the order the config names are listed.
    pub const ALL: &'static [Platform] = &[
        Platform::Heroku,
        Platform::HerokuFir,
        Platform::Render,
        Platform::Fly,
        Platform::Railway,
        Platform::AppEngine,
        Platform::CloudRun,
        Platform::DigitalOcean,
        Platform::Kubernetes,
        Platform::Compose,
        Platform::Staas,
    ];

    pub fn facts(self) -> &'static PlatformFacts {
        match self {
            Platform::Heroku => &PlatformFacts {
                name: "Heroku",
                config_name: "heroku",
                routing: Routing::Port,
                default_port: None,
                symptom: "\"Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch\"",
                needs_ipv6: false,
                port_advice: None,
            },
            Platform::HerokuFir => &PlatformFacts {
                name: "Heroku (Fir)",
                config_name: "heroku-fir",
                routing: Routing::Port,
                default_port: None,
                symptom: "\"Web process failed to bind to $PORT\": Fir web processes must listen on `[::]:$PORT`",
                needs_ipv6: true,
                port_advice: None,
            },
            Platform::Render => &PlatformFacts {
                name: "Render",
                config_name: "render",
                routing: Routing::Port,
                default_port: Some(10000),
                symptom: "\"No open ports detected\", then \"Deploy failed\"",
                needs_ipv6: false,
                port_advice: None,
            },
            Platform::Fly => &PlatformFacts {
                name: "Fly.io",
                config_name: "fly",
                routing: Routing::Declared,
                default_port: Some(8080),
                symptom: "\"instance refused connection. is your app listening on 0.0.0.0:8080?\"",
                needs_ipv6: true,
                port_advice: None,
            },
            Platform::Railway => &PlatformFacts {
                name: "Railway",
                config_name: "railway",
                routing: Routing::Port,
                default_port: None,
                symptom: "\"Application failed to respond\"",
                needs_ipv6: true,
                port_advice: None,
            },
            Platform::AppEngine => &PlatformFacts {
                name: "App Engine",
                config_name: "app-engine",
                routing: Routing::Port,
                default_port: Some(8080),
                symptom: "\"App is listening on port ..., it should instead listen on the port defined by the PORT environment variable\"",
                needs_ipv6: false,
                port_advice: None,
            },
            Platform::CloudRun => &PlatformFacts {
                name: "Cloud Run",
                config_name: "cloud-run",
                routing: Routing::DeclaredAndPort,
                default_port: Some(8080),
                symptom: "\"The user-provided container failed to start and listen on the port defined provided by the PORT environment variable\"",
                needs_ipv6: false,
                port_advice: None,
            },
            Platform::DigitalOcean => &PlatformFacts {
                name: "DigitalOcean App Platform",
                config_name: "digitalocean",
                routing: Routing::DeclaredAndPort,
                default_port: Some(8080),
                symptom: "the health check on the app's `http_port` fails and the deploy is rolled back",
                needs_ipv6: false,
                port_advice: None,
            },
            Platform::Kubernetes => &PlatformFacts {
                name: "Kubernetes",
                config_name: "kubernetes",
                routing: Routing::Declared,
                default_port: None,
                symptom: "probes and Service traffic are refused (`connection refused`)",
                needs_ipv6: false,
                port_advice: None,
            },
            Platform::Compose => &PlatformFacts {
                name: "Docker Compose",
                config_name: "compose",
                routing: Routing::Declared,
                default_port: None,
                symptom: "published ports answer `Empty reply from server`",
                needs_ipv6: false,
                port_advice: None,
            },
            Platform::Staas => &PlatformFacts {
                name: "Staas.io",
                config_name: "staas",
                routing: Routing::Port,
                default_port: None,
                symptom: "traffic goes to the port in the stack's `PORT` variable, and a server listening elsewhere gets none",
                needs_ipv6: false,
                port_advice: Some("or keep the stack's `PORT` variable (Staas.io dashboard, Operation → Environment) equal to the port written here"),
            },
        }
    }

    /// The platform a config's `platform = "..."` names.
    pub fn by_config_name(name: &str) -> Option<Platform> {
        Platform::ALL
            .iter()
            .copied()
            .find(|platform| platform.facts().config_name == name)
    }

    /// Whether the platform sets `PORT` for the app (unless a manifest says otherwise: Fly sets
    /// it only through `[env]`).
    pub fn sets_port(self) -> bool {
        !matches!(self.facts().routing, Routing::Declared)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_platform_has_a_config_name_that_finds_it() {
        for platform in Platform::ALL {
            assert_eq!(
                Platform::by_config_name(platform.facts().config_name),
                Some(*platform)
            );
        }
        assert!(!Platform::Fly.sets_port() && Platform::Heroku.sets_port());
    }
}

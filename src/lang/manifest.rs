//! Platform manifests: the files beside a Procfile and a Dockerfile that start an app and say
//! where traffic goes. Each start command is judged like any other (`lang::invocation`); what the
//! manifest declares (the platform, the ports it routes to, the Dockerfiles it builds) becomes
//! [`ManifestFacts`] for the deployment to read, and a command the manifest routes to a declared
//! port carries that port, for BL401.
//!
//! | file | start command | environment | declared port |
//! |---|---|---|---|
//! | `docker-compose.yml`, `compose.yaml` | `services.*.command` / `entrypoint` | `environment` | `ports` (container side) |
//! | `fly.toml` | `[processes]`, `[experimental] cmd` / `entrypoint` / `exec` | `[env]` | `internal_port` |
//! | `render.yaml` | `services[].startCommand` / `dockerCommand` | `envVars` | — (`PORT`) |
//! | `app.yaml` (App Engine) | `entrypoint` | `env_variables` | — (`PORT`) |
//! | `.do/app.yaml` | `services[].run_command` | `envs` | `http_port` |
//! | `railway.json` / `railway.toml` | `deploy.startCommand` | — | — (`PORT`) |
//! | `nixpacks.toml` / `nixpacks.json` | `[start] cmd` | `[variables]` | — |
//! | `heroku.yml` | `run.web` | — | — (`PORT`) |
//! | Kubernetes / Knative YAML | `containers[].command` + `args` | `env` | `containerPort` |

use std::collections::HashMap;

use super::deployed::Deployed;
use super::invocation::{self, Outcome, Site};
use super::shell::{self, Command, Mapped, Word};
use super::spanned::{self, DataNode, DataValue};
use crate::catalog::platforms::{Platform, Routing};
use crate::facts::{Declared, DeclaredPort, FileFacts, ManifestFacts, Unit};
use crate::finding::Related;
use crate::source::Span;

/// Which manifest a file is (its `FileKind::Manifest`, decided by its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ManifestKind {
    Compose,
    Fly,
    Render,
    AppEngine,
    DigitalOcean,
    Railway,
    Nixpacks,
    HerokuYml,
    /// Any other YAML: a Kubernetes or Knative manifest when its content says so.
    Yaml,
}

/// One service, process group or container a manifest deploys: what the deployment model
/// (`deploy/`) builds a deployment from.
#[derive(Debug, Clone)]
pub struct Service {
    /// Its name in the manifest (a compose service, a fly process group, a container).
    pub name: String,
    /// What the manifest calls it, for messages: `compose service`, `fly.toml process group`.
    pub noun: &'static str,
    /// Where the manifest declares it.
    pub at: Span,
    pub platform: Option<Platform>,
    /// The directory it deploys, relative to the manifest's directory (`rootDir`,
    /// `source_dir`, a compose `build` context); `None` is the manifest's own directory.
    pub dir: Option<String>,
    /// The image it builds from the project, when it builds one.
    pub image: Option<ImageRef>,
    /// What its own start command replaces of the image's (`CMD`, `ENTRYPOINT`), when it has
    /// one: `None` runs the image's command.
    pub replaces: Option<Replaces>,
    /// Its own start command as written, for showing.
    pub command_text: Option<String>,
    /// The environment it sets (`environment`, `[env]`, `envVars`, `env`), by name.
    pub env: Vec<(String, Word)>,
    /// The port the platform routes its traffic to.
    pub routed: Option<Declared>,
    /// A compose service that builds nothing of the project (`image: postgres`) deploys the
    /// project's code only when its command runs some.
    pub builds: bool,
}

/// An image a service builds: the Dockerfile, relative to the manifest's directory, and the
/// stage (`target:`), else the last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    pub dockerfile: String,
    pub target: Option<String>,
    /// Named by the manifest (a compose `build:`), not assumed (fly.toml's default `Dockerfile`,
    /// which is used only when it exists).
    pub named: bool,
}

/// What a manifest's start command replaces of its image's command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replaces {
    pub cmd: bool,
    pub entrypoint: bool,
}

const CMD: Replaces = Replaces {
    cmd: true,
    entrypoint: false,
};
const BOTH: Replaces = Replaces {
    cmd: true,
    entrypoint: true,
};

/// The facts of a manifest, and where it fails to parse (then it has none: a broken manifest is
/// reported, not guessed at). A YAML file that is no Kubernetes or Knative manifest has no
/// facts and no error: most YAML files are something else. Under a deployment only the service
/// it is is judged, with the image's environment under the manifest's.
pub fn extract(
    kind: ManifestKind,
    text: &str,
    deployed: Option<&Deployed>,
) -> (FileFacts, Option<spanned::DataError>) {
    match read(kind, text, Mode::Judge(deployed)) {
        Ok(reader) => (reader.finish(), None),
        Err(error) => (FileFacts::default(), error),
    }
}

/// The services a manifest deploys (none when it does not parse).
pub fn services(kind: ManifestKind, text: &str) -> Vec<Service> {
    read(kind, text, Mode::Services).map_or_else(|_| Vec::new(), |reader| reader.services)
}

fn read<'d>(
    kind: ManifestKind,
    text: &str,
    mode: Mode<'d>,
) -> Result<Reader<'d>, Option<spanned::DataError>> {
    let parsed = match kind {
        ManifestKind::Fly | ManifestKind::Railway | ManifestKind::Nixpacks
            if !looks_like_json(text) =>
        {
            spanned::parse_toml(text).map(|root| vec![root])
        }
        ManifestKind::Railway | ManifestKind::Nixpacks => {
            spanned::parse_json(text).map(|root| vec![root])
        }
        _ => spanned::parse_yaml(text),
    };
    let documents = match parsed {
        Ok(documents) => documents,
        // Helm charts and other templates are not YAML until rendered: only a file that is a
        // manifest by name reports that it does not parse.
        Err(_) if kind == ManifestKind::Yaml => return Err(None),
        Err(error) => return Err(Some(error)),
    };
    let mut reader = Reader {
        mode,
        facts: FileFacts::default(),
        manifest: ManifestFacts::default(),
        services: Vec::new(),
    };
    for document in &documents {
        match kind {
            ManifestKind::Compose => reader.compose(document),
            ManifestKind::Fly => reader.fly(document),
            ManifestKind::Render => reader.render(document),
            ManifestKind::AppEngine => reader.app_engine(document),
            ManifestKind::DigitalOcean => reader.digitalocean(document),
            ManifestKind::Railway => reader.railway(document),
            ManifestKind::Nixpacks => reader.nixpacks(document),
            ManifestKind::HerokuYml => reader.heroku(document),
            ManifestKind::Yaml => reader.kubernetes(document),
        }
    }
    Ok(reader)
}

fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with('{')
}

/// Whether a YAML file may be a Kubernetes or Knative manifest, from its bytes alone: most YAML
/// in a repository is CI, OpenAPI or data, and is not parsed.
pub fn may_be_kubernetes(text: &str) -> bool {
    text.contains("apiVersion") && text.contains("kind") && text.contains("containers")
}

/// What reading a manifest is for.
#[derive(Clone, Copy)]
enum Mode<'d> {
    /// Judging its commands: every one (no deployment), or the one of this deployment.
    Judge(Option<&'d Deployed>),
    /// Listing its services for the deployment model: nothing is judged.
    Services,
}

/// Gathers the facts of one manifest as its documents are read.
struct Reader<'d> {
    mode: Mode<'d>,
    facts: FileFacts,
    manifest: ManifestFacts,
    services: Vec<Service>,
}

/// How a start command is written in a manifest.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// A string run by a shell (a Procfile-like command line), or a list of words.
    Shell,
    /// Words passed to the program as they are: no shell expands `$PORT` (BL303), unless the
    /// program is a shell.
    Exec,
    /// Compose: a string is split like a shell would, a list is taken as it is, and compose
    /// substitutes `${VAR}` itself from the host before anything runs, so neither is an exec
    /// form whose `$PORT` stays text.
    Interpolated,
}

impl<'d> Reader<'d> {
    fn finish(mut self) -> FileFacts {
        self.facts.manifest = Some(self.manifest);
        self.facts
    }

    fn deployed(&self) -> Option<&'d Deployed> {
        match self.mode {
            Mode::Judge(deployed) => deployed,
            Mode::Services => None,
        }
    }

    /// Adds a service, and judges its start command (`words`, the nodes of its command in
    /// order: a compose `entrypoint` then `command`) when the mode asks for it.
    fn service(&mut self, service: Service, words: &[&DataNode], form: Form) {
        let unit = Unit::Service(service.name.clone());
        let judged = match self.mode {
            Mode::Services => false,
            Mode::Judge(None) => true,
            Mode::Judge(Some(deployed)) => deployed.unit == unit,
        };
        if judged && !words.is_empty() {
            let env: HashMap<String, Word> = service.env.iter().cloned().collect();
            let (starts, unexpanded) = (
                self.facts.server_starts.len(),
                self.facts.unexpanded_variables.len(),
            );
            self.command(words, &env, form);
            for start in &mut self.facts.server_starts[starts..] {
                start.unit = unit.clone();
            }
            for variable in &mut self.facts.unexpanded_variables[unexpanded..] {
                variable.unit = unit.clone();
            }
        }
        if self.manifest.routed.is_none() {
            self.manifest.routed = service.routed.clone();
        }
        self.services.push(service);
    }

    /// Judges a start command: strings are split like a shell, lists are taken as they are,
    /// and both are joined in order (compose's `entrypoint` then `command`). Under a deployment
    /// whose image keeps its `ENTRYPOINT`, the command is appended to it.
    fn command(&mut self, nodes: &[&DataNode], env: &HashMap<String, Word>, form: Form) {
        let deployed = self.deployed();
        let anchor = nodes.first().map_or(0, |node| node.span.start);
        let mut commands: Vec<Command> = Vec::new();
        let mut words: Vec<Word> = deployed
            .map(|d| &d.entrypoint[..])
            .unwrap_or_default()
            .iter()
            .map(|word| {
                // The image's words stand at the command: no fix ever edits them here.
                shell::literal_word(&Mapped {
                    text: word.as_str().to_string(),
                    offsets: vec![anchor; word.as_str().len() + 1],
                })
            })
            .collect();
        let mut from_string = false;
        for node in nodes {
            match &node.value {
                DataValue::Str(text) if form != Form::Exec => {
                    from_string = true;
                    let mut parsed = shell::parse(text);
                    if let Some(first) = parsed.first_mut() {
                        words.append(&mut first.words);
                        first.words = std::mem::take(&mut words);
                    }
                    commands.append(&mut parsed);
                }
                DataValue::Str(text) => words.push(shell::literal_word(text)),
                DataValue::Seq(items) => words.extend(
                    items
                        .iter()
                        .filter_map(DataNode::as_mapped)
                        .map(shell::literal_word),
                ),
                _ => {}
            }
        }
        if !words.is_empty() {
            commands.push(Command {
                env: Vec::new(),
                words,
            });
        }
        let runs_shell = |command: &Command| invocation::runs_a_shell(&command.words);
        let (under, port_unset, gunicorn_config) = match deployed {
            Some(d) => (&d.env_under[..], d.port_unset, d.gunicorn_config),
            None => (&[][..], false, false),
        };
        let mut outcome = Outcome::default();
        if from_string && form != Form::Exec {
            let site = site(env, under, false, port_unset, gunicorn_config);
            invocation::judge_script(&commands, &site, &mut self.facts, &mut outcome);
            return;
        }
        for command in &commands {
            let exec = form == Form::Exec && !runs_shell(command);
            let site = site(env, under, exec, port_unset, gunicorn_config);
            invocation::judge(command, &site, &mut self.facts, &mut outcome);
        }
    }

    /// A port the manifest declares at `node` for `platform`, placed for messages, with what
    /// `PORT` is for the app in the environment `env`.
    fn declare(
        node: &DataNode,
        platform: Platform,
        key: &'static str,
        env: &[(String, Word)],
    ) -> Option<Declared> {
        let port = node.as_port()?;
        Some(declared_here(platform, port, port_span(node), key, env))
    }

    /// The port the platform routes to when the manifest writes none (Fly's `internal_port`,
    /// App Platform's `http_port`, Cloud Run's container port: 8080), placed at `span`.
    fn declare_default(
        span: &Span,
        platform: Platform,
        key: &'static str,
        env: &[(String, Word)],
    ) -> Option<Declared> {
        let port = platform.facts().default_port?;
        Some(declared_here(platform, port, span.clone(), key, env))
    }

    // ----- the manifests -----------------------------------------------------------------------

    /// `docker-compose.yml`: each service's build, command, environment and published ports.
    /// `command` replaces the image's `CMD`; `entrypoint` replaces its `ENTRYPOINT` and drops
    /// its `CMD`.
    fn compose(&mut self, root: &DataNode) {
        for (name, key, service) in root.get("services").map_or(&[][..], DataNode::entries) {
            let env = environment(service.get("environment"));
            let host_network =
                service.get("network_mode").and_then(DataNode::as_str) == Some("host");
            let mut routed = None;
            if !host_network {
                for port in service.get("ports").map_or(&[][..], DataNode::as_seq) {
                    if let Some(container) = compose_container_port(port) {
                        let here = Self::declare(&container, Platform::Compose, "ports", &env);
                        routed = routed.or(here);
                    }
                }
            }
            let (dir, image) = match service.get("build") {
                Some(DataNode {
                    value: DataValue::Str(context),
                    ..
                }) => (
                    Some(context.text.clone()),
                    Some(ImageRef {
                        dockerfile: join(&context.text, "Dockerfile"),
                        target: None,
                        named: true,
                    }),
                ),
                Some(build) => {
                    let context = build.get("context").and_then(DataNode::as_str);
                    let dockerfile = build
                        .get("dockerfile")
                        .and_then(DataNode::as_str)
                        .unwrap_or("Dockerfile");
                    let target = build.get("target").and_then(DataNode::as_str);
                    (
                        Some(context.unwrap_or(".").to_string()),
                        Some(ImageRef {
                            dockerfile: join(context.unwrap_or("."), dockerfile),
                            target: target.map(str::to_string),
                            named: true,
                        }),
                    )
                }
                None => (None, None),
            };
            let entrypoint = service.get("entrypoint");
            let command = service.get("command");
            let words: Vec<&DataNode> = entrypoint.into_iter().chain(command).collect();
            let replaces = match (entrypoint, command) {
                (Some(_), _) => Some(BOTH),
                (None, Some(_)) => Some(CMD),
                (None, None) => None,
            };
            let service_facts = Service {
                name: name.clone(),
                noun: "compose service",
                at: key.clone(),
                platform: Some(Platform::Compose),
                builds: image.is_some(),
                dir,
                image,
                replaces,
                command_text: command_text(&words),
                env,
                routed,
            };
            self.service(service_facts, &words, Form::Interpolated);
        }
    }

    /// `fly.toml`: the process groups the service routes to (`app` by default), each with its
    /// command; else one deployment, with `[experimental] cmd` / `entrypoint` / `exec` or the
    /// image's command. `[env]`, and the `internal_port` of `[http_service]` or `[[services]]`
    /// (8080 when not written).
    fn fly(&mut self, root: &DataNode) {
        let env = environment(root.get("env"));
        if let Some(port) = root.path(&["env", "PORT"]) {
            if let Some(value) = port.as_port() {
                self.manifest.port_env = Some(DeclaredPort {
                    port: value,
                    span: port_span(port),
                    key: "[env] PORT",
                });
            }
        }
        let mut routed_groups: Vec<&str> = Vec::new();
        let mut routed = None;
        let services = root
            .get("http_service")
            .into_iter()
            .chain(root.get("services").map_or(&[][..], DataNode::as_seq));
        for service in services {
            let here = match service.get("internal_port") {
                Some(port) => Self::declare(port, Platform::Fly, "internal_port", &env),
                // Declared by omission, placed at the section.
                None => Self::declare_default(&service.span, Platform::Fly, "internal_port", &env),
            };
            routed = routed.or(here);
            routed_groups.extend(
                service
                    .get("processes")
                    .map_or(&[][..], DataNode::as_seq)
                    .iter()
                    .filter_map(DataNode::as_str),
            );
        }
        let build = root.get("build");
        // `[build] image` deploys an image from a registry; otherwise the Dockerfile is built
        // (when there is one).
        let image = match build.and_then(|b| b.get("image")) {
            Some(_) => None,
            None => Some(ImageRef {
                dockerfile: build
                    .and_then(|b| b.get("dockerfile"))
                    .and_then(DataNode::as_str)
                    .unwrap_or("Dockerfile")
                    .to_string(),
                target: build
                    .and_then(|b| b.get("build-target"))
                    .and_then(DataNode::as_str)
                    .map(str::to_string),
                named: build.and_then(|b| b.get("dockerfile")).is_some(),
            }),
        };
        let fly_service = |name: &str, at: Span, replaces, words: &[&DataNode]| Service {
            name: name.to_string(),
            noun: "fly.toml process group",
            at,
            platform: Some(Platform::Fly),
            dir: None,
            image: image.clone(),
            replaces,
            command_text: command_text(words),
            env: env.clone(),
            routed: routed.clone(),
            builds: true,
        };
        let processes = root.get("processes").map_or(&[][..], DataNode::entries);
        let mut any = false;
        for (name, key, command) in processes {
            // Only the process groups the service routes to receive traffic (`app` by default).
            let receives = if routed_groups.is_empty() {
                name == "app" || processes.len() == 1
            } else {
                routed_groups.contains(&name.as_str())
            };
            if receives {
                any = true;
                let service = fly_service(name, key.clone(), Some(CMD), &[command]);
                self.service(service, &[command], Form::Shell);
            }
        }
        if any {
            return;
        }
        let experimental = root.get("experimental");
        let overridden = ["exec", "entrypoint", "cmd"].iter().find_map(|key| {
            let node = experimental?.get(key)?;
            let replaces = if *key == "cmd" { CMD } else { BOTH };
            Some((node, replaces))
        });
        let at = root.get("app").map_or(0..0, |app| app.span.clone());
        match overridden {
            Some((node, replaces)) => {
                let service = fly_service("app", node.span.clone(), Some(replaces), &[node]);
                self.service(service, &[node], Form::Exec);
            }
            None => self.service(fly_service("app", at, None, &[]), &[], Form::Shell),
        }
    }

    /// `render.yaml`: web services, their `rootDir`, `startCommand` (a native runtime) or
    /// `dockerCommand` (a Docker runtime: it replaces the image's `CMD`), and `envVars`.
    fn render(&mut self, root: &DataNode) {
        for (index, service) in root
            .get("services")
            .map_or(&[][..], DataNode::as_seq)
            .iter()
            .enumerate()
        {
            if service.get("type").and_then(DataNode::as_str) != Some("web") {
                continue;
            }
            let env = key_value_list(service.get("envVars"), "key", "value");
            let runtime = service
                .get("runtime")
                .or_else(|| service.get("env"))
                .and_then(DataNode::as_str);
            let docker = runtime == Some("docker") || service.get("dockerfilePath").is_some();
            let image = docker.then(|| ImageRef {
                dockerfile: service
                    .get("dockerfilePath")
                    .and_then(DataNode::as_str)
                    .unwrap_or("Dockerfile")
                    .trim_start_matches("./")
                    .to_string(),
                target: None,
                named: true,
            });
            let command = service
                .get("startCommand")
                .or_else(|| service.get("dockerCommand"));
            let words: Vec<&DataNode> = command.into_iter().collect();
            let service_facts = Service {
                name: service_name(service, "name", index),
                noun: "render.yaml service",
                at: service.span.clone(),
                platform: Some(Platform::Render),
                dir: service
                    .get("rootDir")
                    .and_then(DataNode::as_str)
                    .map(str::to_string),
                // `dockerfilePath` is relative to the repository, where render.yaml is.
                image,
                replaces: command.map(|_| CMD),
                command_text: command_text(&words),
                env,
                routed: None,
                builds: true,
            };
            self.service(service_facts, &words, Form::Shell);
        }
    }

    /// App Engine's `app.yaml`: `entrypoint` and `env_variables` (a file named `app.yaml`
    /// without `runtime` is something else). Without an `entrypoint`, a Python runtime serves
    /// `main:app` with gunicorn; `runtime: custom` builds the Dockerfile beside it.
    fn app_engine(&mut self, root: &DataNode) {
        let Some(runtime) = root.get("runtime") else {
            return;
        };
        let env = environment(root.get("env_variables"));
        let entrypoint = root.get("entrypoint");
        let words: Vec<&DataNode> = entrypoint.into_iter().collect();
        let custom = runtime.as_str() == Some("custom");
        let service = Service {
            name: root
                .get("service")
                .and_then(DataNode::as_str)
                .unwrap_or("default")
                .to_string(),
            noun: "app.yaml service",
            at: runtime.span.clone(),
            platform: Some(Platform::AppEngine),
            dir: None,
            image: custom.then(|| ImageRef {
                dockerfile: "Dockerfile".to_string(),
                target: None,
                named: true,
            }),
            replaces: entrypoint.map(|_| CMD),
            command_text: command_text(&words),
            env,
            routed: None,
            builds: true,
        };
        self.service(service, &words, Form::Shell);
    }

    /// DigitalOcean's `.do/app.yaml` (or a deploy template's `spec:`): each service's
    /// `source_dir`, `dockerfile_path`, `run_command`, `envs`, and `http_port` (8080 when not
    /// written), to which `PORT` is set.
    fn digitalocean(&mut self, root: &DataNode) {
        let spec = root.get("spec").unwrap_or(root);
        for (index, service) in spec
            .get("services")
            .map_or(&[][..], DataNode::as_seq)
            .iter()
            .enumerate()
        {
            let env = key_value_list(service.get("envs"), "key", "value");
            let platform = Platform::DigitalOcean;
            let routed = match service.get("http_port") {
                Some(port) => Self::declare(port, platform, "http_port", &env),
                None => Self::declare_default(&service.span, platform, "http_port", &env),
            };
            let command = service.get("run_command");
            let words: Vec<&DataNode> = command.into_iter().collect();
            let service_facts = Service {
                name: service_name(service, "name", index),
                noun: "app spec service",
                at: service.span.clone(),
                platform: Some(platform),
                dir: service
                    .get("source_dir")
                    .and_then(DataNode::as_str)
                    .map(str::to_string),
                image: service
                    .get("dockerfile_path")
                    .and_then(DataNode::as_str)
                    .map(|path| ImageRef {
                        dockerfile: path.trim_start_matches("./").to_string(),
                        target: None,
                        named: true,
                    }),
                replaces: command.map(|_| CMD),
                command_text: command_text(&words),
                env,
                routed,
                builds: true,
            };
            self.service(service_facts, &words, Form::Shell);
        }
    }

    /// `railway.json` / `railway.toml`: `deploy.startCommand`. For a Dockerfile build it
    /// replaces the image's `ENTRYPOINT` in exec form, so no shell expands `$PORT` there.
    fn railway(&mut self, root: &DataNode) {
        let builder = root.path(&["build", "builder"]).and_then(DataNode::as_str);
        let dockerfile = root
            .path(&["build", "dockerfilePath"])
            .and_then(DataNode::as_str);
        let image =
            builder.is_some_and(|b| b.eq_ignore_ascii_case("DOCKERFILE")) || dockerfile.is_some();
        let command = root.path(&["deploy", "startCommand"]);
        let words: Vec<&DataNode> = command.into_iter().collect();
        let service = Service {
            name: "web".to_string(),
            noun: "railway service",
            at: command.map_or(0..0, |node| node.span.clone()),
            platform: Some(Platform::Railway),
            dir: None,
            image: image.then(|| ImageRef {
                dockerfile: dockerfile.unwrap_or("Dockerfile").to_string(),
                target: None,
                named: true,
            }),
            replaces: command.map(|_| BOTH),
            command_text: command_text(&words),
            env: Vec::new(),
            routed: None,
            builds: true,
        };
        let form = if image { Form::Exec } else { Form::Shell };
        self.service(service, &words, form);
    }

    /// `nixpacks.toml` / `nixpacks.json`: `[start] cmd` with `[variables]`. Nixpacks builds for
    /// several platforms, so it names none (beside a `railway.*` file, Railway runs it).
    fn nixpacks(&mut self, root: &DataNode) {
        let env = environment(root.get("variables"));
        let command = root.path(&["start", "cmd"]);
        let words: Vec<&DataNode> = command.into_iter().collect();
        let service = Service {
            name: "start".to_string(),
            noun: "nixpacks start command",
            at: command.map_or(0..0, |node| node.span.clone()),
            platform: None,
            dir: None,
            image: None,
            replaces: command.map(|_| BOTH),
            command_text: command_text(&words),
            env,
            routed: None,
            builds: true,
        };
        self.service(service, &words, Form::Shell);
    }

    /// `heroku.yml`: `run.web` (a command string, or `{command: [...]}`), which replaces the
    /// image's `CMD`, and the Dockerfile `build.docker.web` names.
    fn heroku(&mut self, root: &DataNode) {
        let image = root
            .path(&["build", "docker", "web"])
            .and_then(DataNode::as_str)
            .map(|path| ImageRef {
                dockerfile: path.to_string(),
                target: None,
                named: true,
            });
        let (command, form) = match root.path(&["run", "web"]) {
            Some(web) if web.as_str().is_some() => (Some(web), Form::Shell),
            Some(web) => (web.get("command"), Form::Exec),
            None => (None, Form::Shell),
        };
        let words: Vec<&DataNode> = command.into_iter().collect();
        let at = root
            .path(&["run", "web"])
            .or_else(|| root.path(&["build", "docker", "web"]))
            .map_or(0..0, |node| node.span.clone());
        let service = Service {
            name: "web".to_string(),
            noun: "heroku.yml process",
            at,
            platform: Some(Platform::Heroku),
            dir: None,
            image,
            replaces: command.map(|_| CMD),
            command_text: command_text(&words),
            env: Vec::new(),
            routed: None,
            builds: true,
        };
        self.service(service, &words, form);
    }

    /// Kubernetes workloads (`Deployment`, `StatefulSet`, `Pod`...) and Knative / Cloud Run
    /// `Service`s: each container's `command` (it replaces the image's `ENTRYPOINT`, and its
    /// `CMD` too unless `args` are given) and `args` (they replace `CMD`), in exec form
    /// (Kubernetes expands only `$(VAR)`), its `env` and `containerPort`.
    fn kubernetes(&mut self, root: &DataNode) {
        let api = root
            .get("apiVersion")
            .and_then(DataNode::as_str)
            .unwrap_or("");
        let kind = root.get("kind").and_then(DataNode::as_str).unwrap_or("");
        let knative = api.starts_with("serving.knative.dev") && kind == "Service";
        let pod = match kind {
            "Pod" => root.get("spec"),
            _ if knative => root.path(&["spec", "template", "spec"]),
            "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job" => {
                root.path(&["spec", "template", "spec"])
            }
            "CronJob" => root.path(&["spec", "jobTemplate", "spec", "template", "spec"]),
            _ => None,
        };
        let Some(pod) = pod else { return };
        let platform = if knative {
            Platform::CloudRun
        } else {
            Platform::Kubernetes
        };
        let workload = root
            .path(&["metadata", "name"])
            .and_then(DataNode::as_str)
            .unwrap_or(kind);
        for (index, container) in pod
            .get("containers")
            .map_or(&[][..], DataNode::as_seq)
            .iter()
            .enumerate()
        {
            let env = key_value_list(container.get("env"), "name", "value");
            let mut routed = None;
            for port in container.get("ports").map_or(&[][..], DataNode::as_seq) {
                if let Some(port) = port.get("containerPort") {
                    let here = Self::declare(port, platform, "containerPort", &env);
                    routed = routed.or(here);
                }
            }
            if knative && routed.is_none() {
                routed = Self::declare_default(&container.span, platform, "containerPort", &env);
            }
            let command = container.get("command");
            let args = container.get("args");
            let words: Vec<&DataNode> = command.into_iter().chain(args).collect();
            let replaces = match (command, args) {
                (Some(_), _) => Some(BOTH),
                (None, Some(_)) => Some(CMD),
                (None, None) => None,
            };
            let container_name = service_name(container, "name", index);
            let service = Service {
                name: format!("{workload}/{container_name}"),
                noun: if knative {
                    "Knative container"
                } else {
                    "Kubernetes container"
                },
                at: container.span.clone(),
                platform: Some(platform),
                dir: None,
                image: None,
                replaces,
                command_text: command_text(&words),
                env,
                routed,
                builds: true,
            };
            self.service(service, &words, Form::Exec);
        }
    }
}

/// Whether an App Engine `app.yaml` has no `entrypoint` on a Python runtime: App Engine
/// then serves `main:app` with gunicorn.
pub fn implicit_gunicorn(text: &str) -> bool {
    let Ok(documents) = spanned::parse_yaml(text) else {
        return false;
    };
    documents.iter().any(|root| {
        root.get("entrypoint").is_none()
            && root
                .get("runtime")
                .and_then(DataNode::as_str)
                .is_some_and(|runtime| runtime.starts_with("python"))
    })
}

/// A list item's name (`name:`), else its position.
fn service_name(node: &DataNode, key: &str, index: usize) -> String {
    node.get(key)
        .and_then(DataNode::as_str)
        .map_or_else(|| format!("#{}", index + 1), str::to_string)
}

/// A start command as written, words joined, for showing.
fn command_text(nodes: &[&DataNode]) -> Option<String> {
    let parts: Vec<String> = nodes
        .iter()
        .flat_map(|node| match &node.value {
            DataValue::Str(text) => vec![text.text.clone()],
            DataValue::Seq(items) => items
                .iter()
                .filter_map(|item| item.scalar_text().map(|t| t.into_owned()))
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Where a manifest's commands run: in a container, with the manifest's environment over the
/// image's.
fn site<'a>(
    env: &'a HashMap<String, Word>,
    under: &'a [super::deployed::ForeignVar],
    exec_form: bool,
    port_unset: bool,
    gunicorn_config: bool,
) -> Site<'a> {
    Site {
        env: Some(env),
        under,
        in_container: true,
        exec_form,
        port_unset,
        gunicorn_config,
        ..Site::default()
    }
}

/// A port `platform` routes to, declared by `key` at `span`. `PORT` is what the environment
/// `env` sets it to, else the declared port where the platform sets it so (Cloud Run, App
/// Platform), else nothing (Fly.io, compose, Kubernetes).
fn declared_here(
    platform: Platform,
    port: u16,
    span: Span,
    key: &'static str,
    env: &[(String, Word)],
) -> Declared {
    let sets_port_to_it = platform.facts().routing == Routing::DeclaredAndPort;
    let port_env = env_port(env).or(sets_port_to_it.then_some(port));
    Declared {
        platform,
        port,
        port_env,
        place: Related {
            span,
            label: format!("routed to `{key}` {port}"),
            file: None,
        },
        description: format!("`{key}` {port}"),
    }
}

/// The span of a port's digits (inside quotes when the port is a string).
fn port_span(node: &DataNode) -> Span {
    match node.as_mapped() {
        Some(mapped) => mapped.span(),
        None => node.span.clone(),
    }
}

/// The container side of a compose `ports:` entry: `"8000:80"`, `"127.0.0.1:8000:80/tcp"`,
/// `"80"`, or the long syntax's `target`. Ranges are left alone.
fn compose_container_port(entry: &DataNode) -> Option<DataNode> {
    if let Some(target) = entry.get("target") {
        return Some(target.clone());
    }
    if let DataValue::Int(_) = entry.value {
        return Some(entry.clone());
    }
    let mapped = entry.as_mapped()?;
    let text = mapped.text.split('/').next().unwrap_or("");
    let start = text.rfind(':').map_or(0, |i| i + 1);
    let container = &text[start..];
    (!container.is_empty() && container.chars().all(|c| c.is_ascii_digit())).then(|| DataNode {
        span: mapped.span_of(start..start + container.len()),
        value: DataValue::Str(Mapped {
            text: container.to_string(),
            offsets: mapped.offsets[start..=start + container.len()].to_vec(),
        }),
    })
}

/// An environment as a map (`KEY: value`) or a list of `KEY=value` strings.
fn environment(node: Option<&DataNode>) -> Vec<(String, Word)> {
    let mut env = Vec::new();
    let Some(node) = node else { return env };
    for (name, _, value) in node.entries() {
        if let Some(word) = value_word(value) {
            env.push((name.clone(), word));
        }
    }
    for item in node.as_seq() {
        let Some(mapped) = item.as_mapped() else {
            continue;
        };
        if let Some((name, _)) = mapped.text.split_once('=') {
            let word = shell::literal_word(&mapped.slice(name.len() + 1..mapped.text.len()));
            env.push((name.to_string(), word));
        }
    }
    env
}

/// What an environment sets `PORT` to, when it is a port number.
fn env_port(env: &[(String, Word)]) -> Option<u16> {
    let (_, word) = env.iter().rev().find(|(name, _)| name == "PORT")?;
    word.as_str().parse().ok()
}

/// A list of `{key: NAME, value: VALUE}` objects (Render's `envVars`, Kubernetes' `env`).
fn key_value_list(node: Option<&DataNode>, key: &str, value: &str) -> Vec<(String, Word)> {
    node.map_or(&[][..], DataNode::as_seq)
        .iter()
        .filter_map(|item| {
            let name = item.get(key)?.as_str()?.to_string();
            Some((name, value_word(item.get(value)?)?))
        })
        .collect()
}

/// A scalar as a word, its text mapped to the file.
fn value_word(node: &DataNode) -> Option<Word> {
    match node.as_mapped() {
        Some(mapped) => Some(shell::literal_word(mapped)),
        None => {
            let text = node.scalar_text()?;
            Some(shell::literal_word(&Mapped::verbatim(
                &text,
                node.span.start,
            )))
        }
    }
}

/// `dir/name` for a manifest's relative paths (a compose `dockerfile` is relative to its build
/// context), without a `./` prefix.
fn join(dir: &str, name: &str) -> String {
    let dir = dir.trim_start_matches("./").trim_end_matches('/');
    if dir.is_empty() || dir == "." || name.starts_with('/') {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

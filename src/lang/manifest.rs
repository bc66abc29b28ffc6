//! Platform manifests: the files beside a Procfile and a Dockerfile that start an app and say
//! where traffic goes. Each start command is judged like any other (`lang::command`); what the
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

use super::command::{self, Outcome, Site};
use super::data::{self, DataNode, DataValue};
use super::shell::{self, Command, Mapped, Word};
use crate::catalog::platforms::{Platform, Routing};
use crate::diagnostic::Related;
use crate::facts::{Declared, DeclaredPort, FileFacts, ManifestFacts};

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

/// The facts of a manifest, and where it fails to parse (then it has none: a broken manifest is
/// reported, not guessed at). A YAML file that is no Kubernetes or Knative manifest has no
/// facts and no error: most YAML files are something else.
pub fn extract(kind: ManifestKind, text: &str) -> (FileFacts, Option<data::DataError>) {
    let parsed = match kind {
        ManifestKind::Fly | ManifestKind::Railway | ManifestKind::Nixpacks
            if !looks_like_json(text) =>
        {
            data::parse_toml(text).map(|root| vec![root])
        }
        ManifestKind::Railway | ManifestKind::Nixpacks => {
            data::parse_json(text).map(|root| vec![root])
        }
        _ => data::parse_yaml(text),
    };
    let documents = match parsed {
        Ok(documents) => documents,
        // Helm charts and other templates are not YAML until rendered: only a file that is a
        // manifest by name reports that it does not parse.
        Err(_) if kind == ManifestKind::Yaml => return (FileFacts::default(), None),
        Err(error) => return (FileFacts::default(), Some(error)),
    };
    let mut reader = Reader::default();
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
    (reader.finish(), None)
}

fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with('{')
}

/// Whether a YAML file may be a Kubernetes or Knative manifest, from its bytes alone: most YAML
/// in a repository is CI, OpenAPI or data, and is not parsed.
pub fn may_be_kubernetes(text: &str) -> bool {
    text.contains("apiVersion") && text.contains("kind") && text.contains("containers")
}

/// Gathers the facts of one manifest as its documents are read.
#[derive(Default)]
struct Reader {
    facts: FileFacts,
    manifest: ManifestFacts,
}

impl Reader {
    fn finish(mut self) -> FileFacts {
        self.facts.manifest = Some(self.manifest);
        self.facts
    }

    fn platform(&mut self, platform: Platform) {
        self.manifest.platform.get_or_insert(platform);
    }

    /// The first port a service the platform builds or starts is routed to: the port the files
    /// it starts (its Dockerfile, the script its command runs) must listen on.
    fn route(&mut self, declared: Option<&Declared>) {
        if self.manifest.routed.is_none() {
            self.manifest.routed = declared.cloned();
        }
    }

    /// Judges a start command: a string runs in a shell, an array runs as it is (exec form, no
    /// shell expands `$PORT`) unless it starts a shell itself. `declared` is the port the
    /// platform routes this command's traffic to, when the manifest declares one.
    fn command(
        &mut self,
        node: &DataNode,
        env: &HashMap<String, Word>,
        shell_string: bool,
        declared: Option<&Declared>,
    ) {
        let first = self.facts.server_starts.len();
        match &node.value {
            DataValue::Str(text) if shell_string => {
                let site = site(env, false);
                for parsed in shell::parse(text) {
                    command::judge(&parsed, &site, &mut self.facts, &mut Outcome::default());
                }
            }
            DataValue::Str(text) => self.exec(vec![shell::literal_word(text)], env),
            DataValue::Seq(items) => {
                let words = items
                    .iter()
                    .filter_map(DataNode::as_mapped)
                    .map(shell::literal_word)
                    .collect();
                self.exec(words, env);
            }
            _ => return,
        }
        for start in &mut self.facts.server_starts[first..] {
            start.declared = declared.cloned();
        }
    }

    /// An exec-form command: the words as they are, unless the program is a shell.
    fn exec(&mut self, words: Vec<Word>, env: &HashMap<String, Word>) {
        let runs_shell = words.first().is_some_and(|w| command::is_shell(w.as_str()));
        let command = Command {
            env: Vec::new(),
            words,
        };
        command::judge(
            &command,
            &site(env, !runs_shell),
            &mut self.facts,
            &mut Outcome::default(),
        );
    }

    /// A port the manifest declares at `node`, placed for messages, with what `PORT` is for
    /// the app in the environment `env`.
    fn declare(
        &self,
        node: &DataNode,
        key: &'static str,
        env: &HashMap<String, Word>,
    ) -> Option<Declared> {
        let port = node.as_port()?;
        let platform = self.manifest.platform?;
        Some(declared_here(platform, port, port_span(node), key, env))
    }

    /// The port the platform routes to when the manifest writes none (Fly's `internal_port`,
    /// App Platform's `http_port`, Cloud Run's container port: 8080), placed at `span`.
    fn declare_default(
        &self,
        span: &crate::source::Span,
        key: &'static str,
        env: &HashMap<String, Word>,
    ) -> Option<Declared> {
        let platform = self.manifest.platform?;
        let port = platform.facts().default_port?;
        Some(declared_here(platform, port, span.clone(), key, env))
    }

    // ----- the manifests -----------------------------------------------------------------------

    /// `docker-compose.yml`: each service's command, environment, published ports and build.
    fn compose(&mut self, root: &DataNode) {
        self.platform(Platform::Compose);
        for (_, _, service) in root.get("services").map_or(&[][..], DataNode::entries) {
            let env = environment(service.get("environment"));
            let host_network =
                service.get("network_mode").and_then(DataNode::as_str) == Some("host");
            let mut declared = None;
            if !host_network {
                for port in service.get("ports").map_or(&[][..], DataNode::as_seq) {
                    if let Some(container) = compose_container_port(port) {
                        let here = self.declare(&container, "ports", &env);
                        declared = declared.or(here);
                    }
                }
            }
            if service.get("build").is_some() || service.get("command").is_some() {
                self.route(declared.as_ref());
            }
            match service.get("build") {
                Some(DataNode {
                    value: DataValue::Str(context),
                    ..
                }) => self
                    .manifest
                    .dockerfiles
                    .push(join(&context.text, "Dockerfile")),
                Some(build) => {
                    let context = build
                        .get("context")
                        .and_then(DataNode::as_str)
                        .unwrap_or(".");
                    let dockerfile = build
                        .get("dockerfile")
                        .and_then(DataNode::as_str)
                        .unwrap_or("Dockerfile");
                    self.manifest.dockerfiles.push(join(context, dockerfile));
                }
                None => {}
            }
            // A string `command:` is split into words like a shell would (compose substitutes
            // `$VAR`s itself, from the environment it runs in); a list runs as it is.
            for key in ["entrypoint", "command"] {
                if let Some(command) = service.get(key) {
                    self.command(command, &env, true, declared.as_ref());
                }
            }
        }
    }

    /// `fly.toml`: process commands, `[experimental]` overrides, `[env]`, and the
    /// `internal_port` of `[http_service]` or `[[services]]` (8080 when not written).
    fn fly(&mut self, root: &DataNode) {
        self.platform(Platform::Fly);
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
        let mut routed: Vec<&str> = Vec::new();
        let mut declared = None;
        let services = root
            .get("http_service")
            .into_iter()
            .chain(root.get("services").map_or(&[][..], DataNode::as_seq));
        for service in services {
            let here = match service.get("internal_port") {
                Some(port) => self.declare(port, "internal_port", &env),
                // Declared by omission, placed at the section.
                None => self.declare_default(&service.span, "internal_port", &env),
            };
            declared = declared.or(here);
            self.route(declared.as_ref());
            routed.extend(
                service
                    .get("processes")
                    .map_or(&[][..], DataNode::as_seq)
                    .iter()
                    .filter_map(DataNode::as_str),
            );
        }
        let processes = root.get("processes").map_or(&[][..], DataNode::entries);
        for (name, _, command) in processes {
            // Only the process groups the service routes to receive traffic (`app` by default).
            let receives = if routed.is_empty() {
                name == "app" || processes.len() == 1
            } else {
                routed.contains(&name.as_str())
            };
            if receives {
                self.command(command, &env, true, declared.as_ref());
            }
        }
        if let Some(experimental) = root.get("experimental") {
            for key in ["exec", "entrypoint", "cmd"] {
                if let Some(command) = experimental.get(key) {
                    self.command(command, &env, false, declared.as_ref());
                    break;
                }
            }
        }
        let dockerfile = root
            .path(&["build", "dockerfile"])
            .and_then(DataNode::as_str)
            .unwrap_or("Dockerfile");
        self.manifest.dockerfiles.push(dockerfile.to_string());
    }

    /// `render.yaml`: web services' start commands and `envVars`.
    fn render(&mut self, root: &DataNode) {
        self.platform(Platform::Render);
        for service in root.get("services").map_or(&[][..], DataNode::as_seq) {
            if service.get("type").and_then(DataNode::as_str) != Some("web") {
                continue;
            }
            let env = key_value_list(service.get("envVars"), "key", "value");
            for key in ["startCommand", "dockerCommand"] {
                if let Some(command) = service.get(key) {
                    self.command(command, &env, true, None);
                }
            }
            if let Some(path) = service.get("dockerfilePath").and_then(DataNode::as_str) {
                self.manifest
                    .dockerfiles
                    .push(path.trim_start_matches("./").to_string());
            }
        }
    }

    /// App Engine's `app.yaml`: `entrypoint` and `env_variables` (a file named `app.yaml`
    /// without `runtime` is something else).
    fn app_engine(&mut self, root: &DataNode) {
        if root.get("runtime").is_none() {
            return;
        }
        self.platform(Platform::AppEngine);
        let env = environment(root.get("env_variables"));
        if let Some(entrypoint) = root.get("entrypoint") {
            self.command(entrypoint, &env, true, None);
        }
    }

    /// DigitalOcean's `.do/app.yaml` (or a deploy template's `spec:`): each service's
    /// `run_command`, `envs`, and `http_port` (8080 when not written), to which `PORT` is set.
    fn digitalocean(&mut self, root: &DataNode) {
        self.platform(Platform::DigitalOcean);
        let spec = root.get("spec").unwrap_or(root);
        for service in spec.get("services").map_or(&[][..], DataNode::as_seq) {
            let env = key_value_list(service.get("envs"), "key", "value");
            let declared = match service.get("http_port") {
                Some(port) => self.declare(port, "http_port", &env),
                None => self.declare_default(&service.span, "http_port", &env),
            };
            self.route(declared.as_ref());
            if let Some(command) = service.get("run_command") {
                self.command(command, &env, true, declared.as_ref());
            }
            if let Some(path) = service.get("dockerfile_path").and_then(DataNode::as_str) {
                self.manifest.dockerfiles.push(path.to_string());
            }
        }
    }

    /// `railway.json` / `railway.toml`: `deploy.startCommand`. For a Dockerfile build it
    /// replaces the image's `ENTRYPOINT` in exec form, so no shell expands `$PORT` there.
    fn railway(&mut self, root: &DataNode) {
        self.platform(Platform::Railway);
        let builder = root.path(&["build", "builder"]).and_then(DataNode::as_str);
        let dockerfile = root
            .path(&["build", "dockerfilePath"])
            .and_then(DataNode::as_str);
        let image =
            builder.is_some_and(|b| b.eq_ignore_ascii_case("DOCKERFILE")) || dockerfile.is_some();
        if image {
            self.manifest
                .dockerfiles
                .push(dockerfile.unwrap_or("Dockerfile").to_string());
        }
        if let Some(command) = root.path(&["deploy", "startCommand"]) {
            self.command(command, &HashMap::new(), !image, None);
        }
    }

    /// `nixpacks.toml` / `nixpacks.json`: `[start] cmd` with `[variables]`. Nixpacks builds for
    /// several platforms, so it names none.
    fn nixpacks(&mut self, root: &DataNode) {
        let env = environment(root.get("variables"));
        if let Some(command) = root.path(&["start", "cmd"]) {
            self.command(command, &env, true, None);
        }
    }

    /// `heroku.yml`: `run.web` (a command string, or `{command: [...]}`) and the Dockerfile
    /// `build.docker.web` names.
    fn heroku(&mut self, root: &DataNode) {
        self.platform(Platform::Heroku);
        if let Some(path) = root
            .path(&["build", "docker", "web"])
            .and_then(DataNode::as_str)
        {
            self.manifest.dockerfiles.push(path.to_string());
        }
        match root.path(&["run", "web"]) {
            Some(web) if web.as_str().is_some() => self.command(web, &HashMap::new(), true, None),
            Some(web) => {
                if let Some(command) = web.get("command") {
                    self.command(command, &HashMap::new(), false, None);
                }
            }
            None => {}
        }
    }

    /// Kubernetes workloads (`Deployment`, `StatefulSet`, `Pod`...) and Knative / Cloud Run
    /// `Service`s: each container's `command` and `args` (exec form: Kubernetes expands only
    /// `$(VAR)`), `env` and `containerPort`.
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
        self.platform(if knative {
            Platform::CloudRun
        } else {
            Platform::Kubernetes
        });
        for container in pod.get("containers").map_or(&[][..], DataNode::as_seq) {
            let env = key_value_list(container.get("env"), "name", "value");
            let mut declared = None;
            for port in container.get("ports").map_or(&[][..], DataNode::as_seq) {
                if let Some(port) = port.get("containerPort") {
                    let here = self.declare(port, "containerPort", &env);
                    declared = declared.or(here);
                }
            }
            if knative && declared.is_none() {
                declared = self.declare_default(&container.span, "containerPort", &env);
            }
            self.route(declared.as_ref());
            let words: Vec<&DataNode> = ["command", "args"]
                .iter()
                .filter_map(|key| container.get(key))
                .flat_map(|list| list.as_seq())
                .collect();
            if !words.is_empty() {
                let joined = DataNode {
                    span: container.span.clone(),
                    value: DataValue::Seq(words.into_iter().cloned().collect()),
                };
                self.command(&joined, &env, false, declared.as_ref());
            }
        }
    }
}

/// Where a manifest's commands run: in a container, with the manifest's environment.
fn site(env: &HashMap<String, Word>, exec_form: bool) -> Site<'_> {
    Site {
        env: Some(env),
        in_container: true,
        exec_form,
        exec_array: None,
        next_standalone: false,
    }
}

/// A port `platform` routes to, declared by `key` at `span`. `PORT` is what the environment
/// `env` sets it to, else the declared port where the platform sets it so (Cloud Run, App
/// Platform), else nothing (Fly.io, compose, Kubernetes).
fn declared_here(
    platform: Platform,
    port: u16,
    span: crate::source::Span,
    key: &'static str,
    env: &HashMap<String, Word>,
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
fn port_span(node: &DataNode) -> crate::source::Span {
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
fn environment(node: Option<&DataNode>) -> HashMap<String, Word> {
    let mut env = HashMap::new();
    let Some(node) = node else { return env };
    for (name, _, value) in node.entries() {
        if let Some(word) = value_word(value) {
            env.insert(name.clone(), word);
        }
    }
    for item in node.as_seq() {
        let Some(mapped) = item.as_mapped() else {
            continue;
        };
        if let Some((name, _)) = mapped.text.split_once('=') {
            let word = shell::literal_word(&mapped.slice(name.len() + 1..mapped.text.len()));
            env.insert(name.to_string(), word);
        }
    }
    env
}

/// What an environment sets `PORT` to, when it is a port number.
fn env_port(env: &HashMap<String, Word>) -> Option<u16> {
    env.get("PORT")?.as_str().parse().ok()
}

/// A list of `{key: NAME, value: VALUE}` objects (Render's `envVars`, Kubernetes' `env`).
fn key_value_list(node: Option<&DataNode>, key: &str, value: &str) -> HashMap<String, Word> {
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

/// `dir/name` for a manifest's relative paths, without a `./` prefix.
fn join(dir: &str, name: &str) -> String {
    let dir = dir.trim_start_matches("./").trim_end_matches('/');
    if dir.is_empty() || dir == "." {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

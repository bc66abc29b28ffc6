//! `bindlint deployments`: every deployment found, as text or JSON, so a user can tell why a
//! file was judged the way it was (README, "Deployments").

use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::deploy::{Deployment, Started};
use crate::facts::{PortEnv, Unit};

/// One deployment as `--format json` prints it.
#[derive(Serialize)]
struct Entry {
    manifest: String,
    line: usize,
    /// What the manifest calls it (`compose service`) and its name there.
    kind: &'static str,
    name: String,
    /// The config name of its platform (`compose`), `null` for `docker run`.
    platform: Option<&'static str>,
    directory: String,
    image: Option<ImageEntry>,
    command: Option<String>,
    command_from: Option<String>,
    routed_port: Option<u16>,
    routed_from: Option<String>,
    /// `"unset"`, `"set"` (to a value the platform picks) or the port it is set to.
    port_env: String,
    files: Vec<FileEntry>,
    serves: Vec<ServedEntry>,
}

#[derive(Serialize)]
struct ImageEntry {
    dockerfile: String,
    stage: String,
}

#[derive(Serialize)]
struct FileEntry {
    path: String,
    /// Which part of it runs: `all`, `service web`, `script dev`, `the stage's command`, or
    /// `imported by its server` (a module gunicorn serves).
    part: String,
    /// The deployment replaces that part (a `CMD` its manifest overrides): it does not run.
    replaced: bool,
}

#[derive(Serialize)]
struct ServedEntry {
    path: String,
    by: String,
}

fn port_env(env: PortEnv) -> String {
    match env {
        PortEnv::Unset => "unset".to_string(),
        PortEnv::Set(None) => "set".to_string(),
        PortEnv::Set(Some(port)) => port.to_string(),
    }
}

fn part(unit: &Unit) -> String {
    match unit {
        Unit::File => "all".to_string(),
        Unit::Service(name) => format!("service {name}"),
        Unit::Script(name) => format!("script {name}"),
        Unit::Command { .. } => "the stage's command".to_string(),
        Unit::Stage(index) => format!("stage #{}", index + 1),
    }
}

fn entry(deployment: &Deployment, display: &dyn Fn(&Path) -> String) -> Entry {
    let file = |started: &Started| FileEntry {
        path: display(&started.path),
        part: if started.routed {
            part(&started.covers)
        } else {
            "imported by its server".to_string()
        },
        replaced: started.replaced,
    };
    let mut files: Vec<FileEntry> = deployment.files.iter().map(file).collect();
    files.dedup_by(|a, b| a.path == b.path && a.part == b.part);
    Entry {
        manifest: display(&deployment.manifest),
        line: deployment.manifest_file.position(deployment.at.start).line,
        kind: deployment.noun,
        name: deployment.name.clone(),
        platform: deployment.platform.map(|p| p.facts().config_name),
        directory: display(&deployment.dir),
        image: deployment.image.as_ref().map(|image| ImageEntry {
            dockerfile: display(&image.dockerfile),
            stage: image.stage.clone(),
        }),
        command: deployment.command.clone(),
        command_from: deployment.command_from.clone(),
        routed_port: deployment.routed.as_ref().map(|routed| routed.port),
        routed_from: deployment.routed.as_ref().and_then(|routed| {
            let file = routed.place.file.as_ref()?;
            Some(file.cite(routed.place.span.start))
        }),
        port_env: port_env(deployment.port_env),
        files,
        serves: deployment
            .served
            .iter()
            .filter(|served| served.file.is_file())
            .map(|served| ServedEntry {
                path: display(&served.file),
                by: served.by.clone(),
            })
            .collect(),
    }
}

/// Writes the deployments as JSON (`json`) or as text.
pub fn write(
    deployments: &[Arc<Deployment>],
    json: bool,
    display: &dyn Fn(&Path) -> String,
    out: &mut dyn Write,
) -> io::Result<()> {
    let entries: Vec<Entry> = deployments.iter().map(|d| entry(d, display)).collect();
    if json {
        serde_json::to_writer_pretty(&mut *out, &entries)?;
        return writeln!(out);
    }
    if entries.is_empty() {
        return writeln!(
            out,
            "No deployments found: every file is judged the generic way (platforms set `PORT`)."
        );
    }
    for entry in &entries {
        let platform = match entry.platform {
            Some(name) => crate::catalog::platforms::Platform::by_config_name(name)
                .map_or(name, |platform| platform.facts().name),
            None => "docker run: the generic judgement",
        };
        writeln!(
            out,
            "{}:{}  {} `{}`  ({platform})",
            entry.manifest, entry.line, entry.kind, entry.name
        )?;
        writeln!(out, "  directory  {}", entry.directory)?;
        if let Some(image) = &entry.image {
            writeln!(
                out,
                "  image      {}, stage {}",
                image.dockerfile, image.stage
            )?;
        }
        match (&entry.command, &entry.command_from) {
            (Some(command), Some(from)) => writeln!(out, "  command    {command}  ({from})")?,
            (Some(command), None) => writeln!(out, "  command    {command}")?,
            _ => writeln!(out, "  command    (none found)")?,
        }
        if let Some(port) = entry.routed_port {
            let from = entry.routed_from.as_deref().unwrap_or("");
            writeln!(out, "  routes to  {port}  ({from})")?;
        }
        let port_env = match entry.port_env.as_str() {
            "unset" => "not set".to_string(),
            "set" => "set by the platform".to_string(),
            port => format!("set to {port}"),
        };
        writeln!(out, "  PORT       {port_env}")?;
        for file in &entry.files {
            let how = if file.replaced {
                format!("{}, replaced: does not run", file.part)
            } else {
                file.part.clone()
            };
            writeln!(out, "  runs       {} ({how})", file.path)?;
        }
        for served in &entry.serves {
            writeln!(out, "  serves     {} ({})", served.path, served.by)?;
        }
        writeln!(out)?;
    }
    Ok(())
}

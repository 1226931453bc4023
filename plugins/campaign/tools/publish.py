"""`make publish`: a production build into a fresh folder; only when it succeeds, the site goes out.

Where it goes is PUBLISH_TARGET in publishconf.py (an environment variable of the same name wins):

- `folder`: PUBLISH_DIR is replaced by the new site in one rename (for Netlify, Cloudflare
  Pages, object storage or a web server's folder);
- `gh-pages`: ghp-import commits the site to PUBLISH_GIT_BRANCH, naming the source commit, and
  it is pushed to PUBLISH_GIT_REMOTE (a remote's name or address);
- `rsync`: `rsync --delay-updates` to PUBLISH_RSYNC_DEST, so the server swaps files at the end;
- `releases`: the common server layout. PUBLISH_DIR holds `releases/<time>-<id>/` (one folder
  per publish) and `current`, a symlink to one of them that the web server serves. The new
  release is built in releases/, then `current` is switched in one step (a new symlink renamed
  over the old one), and all but the newest PUBLISH_KEEP_RELEASES releases are deleted.
  Going back is switching `current` to an older release.

A failed build publishes nothing: the target is not touched until a whole new site exists.
What cannot be done (a target that cannot be written, PUBLISH_DIR a symlink under `folder`,
a `current` that is a folder) stops before the build with the fix, and leaves nothing behind.
"""
from __future__ import annotations

import ctypes
import os
import runpy
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import BuildFailed, CampaignError
from ..interrupt import uninterrupted

TARGETS = ("folder", "gh-pages", "rsync", "releases")
RELEASES, CURRENT = "releases", "current"
#: Releases kept by the `releases` target when PUBLISH_KEEP_RELEASES is not set (the one
#: `current` points at is always kept).
KEEP_RELEASES = 5


class PublishFailed(CampaignError):
    """Publishing stopped; the message says why and what to do. `invoke publish` prints it and exits 1."""

    @property
    def code(self) -> str:
        """The message, as SystemExit names it (what `sys.exit(err.code)` prints)."""
        return str(self)


@dataclass(frozen=True)
class PublishSettings:
    """The PUBLISH_* settings from publishconf.py, after the environment's overrides."""

    target: str
    dir: str
    git_remote: str
    git_branch: str
    rsync_dest: str
    siteurl: str
    domain: str
    keep_releases: int = KEEP_RELEASES


def read_settings(root: Path, env: Mapping[str, str] | None = None) -> PublishSettings:
    """Read publishconf.py as plain Python (not through Pelican); PUBLISH_* variables in `env` win."""
    env = os.environ if env is None else env
    conf = runpy.run_path(str(Path(root) / "publishconf.py"))

    def get(name: str, default: str) -> str:
        return str(env.get(name) or conf.get(name) or default)

    keep = get("PUBLISH_KEEP_RELEASES", str(KEEP_RELEASES))
    if not keep.isdigit() or int(keep) < 1:
        raise PublishFailed(f"PUBLISH_KEEP_RELEASES = {keep!r} is not a whole number above 0 — "
                            f"write PUBLISH_KEEP_RELEASES = {KEEP_RELEASES} in publishconf.py")
    return PublishSettings(
        target=get("PUBLISH_TARGET", "folder"), dir=get("PUBLISH_DIR", "publish"),
        git_remote=get("PUBLISH_GIT_REMOTE", "origin"), git_branch=get("PUBLISH_GIT_BRANCH", "gh-pages"),
        rsync_dest=get("PUBLISH_RSYNC_DEST", ""), siteurl=str(conf.get("SITEURL") or ""),
        domain=str(conf.get("SITE_DOMAIN") or urlsplit(str(conf.get("SITE_URL") or "")).hostname or "localhost"),
        keep_releases=int(keep),
    )


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs, check=False)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without renameat2 (glibc < 2.28, musl)
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_in(new: Path, dest: Path) -> None:
    """Make `new` the folder at `dest` in one step; the old folder is deleted afterwards."""
    if not dest.exists():
        os.rename(new, dest)
        return
    if _exchange(new, dest):
        shutil.rmtree(new)  # `new` now holds the old site
        return
    # Without an atomic exchange (other systems, some filesystems): two renames, a moment apart.
    old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
    os.rename(dest, old)
    os.rename(new, dest)
    shutil.rmtree(old)


def _placing(leftovers: list[Path], where: str):
    """Around putting a built site in place: on an error, remove `leftovers`, then say what failed."""
    @contextmanager
    def placing() -> Iterator[None]:
        try:
            yield
        except OSError as err:
            for path in leftovers:
                if path.is_symlink() or path.is_file():
                    path.unlink(missing_ok=True)
                elif path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
            raise PublishFailed(f"could not put the new site in place at {where}: {err.strerror} "
                                f"({err.filename}). Nothing was published: {where} is as it was.") from None
    return placing()


def _made_folders(folder: Path) -> list[Path]:
    """The outermost of `folder` and its parents that does not exist yet (to remove on failure)."""
    missing = [p for p in (folder, *folder.parents) if not (p.exists() or p.is_symlink())]
    return missing[-1:]


@contextmanager
def _removed_on_failure(paths: list[Path]) -> Iterator[None]:
    try:
        yield
    except BaseException:
        for path in paths:
            shutil.rmtree(path, ignore_errors=True)
        raise


def to_folder(dest: Path, build: Callable[[str], object]) -> str:
    """Build next to `dest` (same filesystem) and swap it in with one rename."""
    staging = dest.with_name(f".{dest.name}.new-{os.getpid()}")
    made = _made_folders(dest.parent)
    with _placing(made, str(dest)):
        dest.parent.mkdir(parents=True, exist_ok=True)
    with _removed_on_failure(made):
        _build(build, staging, str(dest))
    with _placing([staging], str(dest)), uninterrupted():
        swap_in(staging, dest)
    return str(dest)


def to_releases(base: Path, keep: int, build: Callable[[str], object]) -> str:
    """Build a new release in base/releases/, switch base/current to it in one rename, prune."""
    releases, current = base / RELEASES, base / CURRENT
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    # Names sort by time; a number tells apart two publishes within one second.
    name = next(f"{stamp}-{n:03d}" for n in range(1, 1000) if not (releases / f"{stamp}-{n:03d}").exists())
    staging, release, link = releases / f".new-{name}", releases / name, base / f".{CURRENT}.new-{os.getpid()}"
    made = _made_folders(releases)
    with _placing(made, str(current)):
        releases.mkdir(parents=True, exist_ok=True)
    with _removed_on_failure(made):
        _build(build, staging, str(current))
    with _placing([staging, release, link], str(current)), uninterrupted():
        os.rename(staging, release)
        # Relative, so the whole layout can be moved or mounted elsewhere.
        os.symlink(Path(RELEASES) / name, link)
        os.replace(link, current)  # the switch: one rename, readers see the old site or the new
    _prune_releases(releases, keep, release)
    return f"{current} -> {RELEASES}/{name}"


def _prune_releases(releases: Path, keep: int, current: Path) -> None:
    """Delete all but the newest `keep` releases (names sort by time); never `current`."""
    found = sorted(p for p in releases.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in found[:-keep]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)


def _build(build: Callable[[str], object], out: Path, where: str) -> None:
    """Run the build into the fresh folder `out`; on any failure remove it and publish nothing."""
    if out.exists():
        shutil.rmtree(out)
    try:
        build(str(out))
    except (SystemExit, BuildFailed) as err:
        shutil.rmtree(out, ignore_errors=True)
        reason = str(err.code if isinstance(err, SystemExit) else err)
        # The build's own "the previous site in <scratch folder> is unchanged" would mislead here.
        reason = "\n".join("Build failed." if line.startswith("Build failed;") else line
                           for line in reason.splitlines())
        raise PublishFailed(f"{reason}\nNothing was published: {where} is as it was.") from None
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise
    if not (out / "index.html").is_file():
        shutil.rmtree(out, ignore_errors=True)
        raise PublishFailed(f"the build made no index.html, so nothing was published: {where} is as it was.")


def source_commit(root: Path) -> str:
    """The commit the site is built from, in words, for the gh-pages commit message."""
    head = _run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root)
    if head.returncode:
        return "a folder that is not a git repository"
    subject = _run(["git", "log", "-1", "--format=%s"], cwd=root).stdout.strip()
    dirty = _run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root).stdout.strip()
    return f"commit {head.stdout.strip()} ({subject}){' plus uncommitted changes' if dirty else ''}"


def _remote_address(root: Path, remote: str) -> str:
    """A remote's name in the project's repository, a path, or an address: as an address."""
    named = _run(["git", "remote", "get-url", remote], cwd=root)
    if named.returncode == 0:
        return named.stdout.strip()
    if "://" not in remote and ":" not in remote.split("/", 1)[0]:
        return str((root / remote).resolve())  # a local path, relative to the project
    return remote


def _identity(root: Path, s: PublishSettings) -> dict[str, str]:
    # ghp-import writes the commit with git fast-import, which needs a committer.
    name = _run(["git", "config", "user.name"], cwd=root).stdout.strip() or "Site publisher"
    email = _run(["git", "config", "user.email"], cwd=root).stdout.strip() or f"publish@{s.domain}"
    return {"GIT_COMMITTER_NAME": os.environ.get("GIT_COMMITTER_NAME", name),
            "GIT_COMMITTER_EMAIL": os.environ.get("GIT_COMMITTER_EMAIL", email)}


def to_gh_pages(site: Path, root: Path, s: PublishSettings) -> str:
    """Commit `site` to the branch with ghp-import and push it.

    The commit is made in a scratch repository that fetches the branch first, so the project's
    own repository gets no commits or branches and a push from any machine is a fast-forward.
    """
    address, branch = _remote_address(root, s.git_remote), s.git_branch
    message = f"Publish the site from {source_commit(root)}"
    with tempfile.TemporaryDirectory(prefix="publish-git-") as scratch:
        def git(*args: str) -> subprocess.CompletedProcess:
            return _run(["git", *args], cwd=scratch)

        git("init", "-q")
        git("remote", "add", "publish", address)
        heads = git("ls-remote", "--heads", "publish", branch)
        if heads.returncode:
            raise PublishFailed(f"cannot reach the git remote {s.git_remote} ({address}):\n{heads.stderr.strip()}\n"
                                "Check PUBLISH_GIT_REMOTE in publishconf.py and your access to it. Nothing was published.")
        if heads.stdout.strip():
            fetched = git("fetch", "-q", "--depth=1", "publish", f"+refs/heads/{branch}:refs/remotes/publish/{branch}")
            if fetched.returncode:
                raise PublishFailed(f"cannot fetch {branch} from {address}:\n{fetched.stderr.strip()}")
        cmd = [sys.executable, "-m", "ghp_import", "--no-jekyll", "--message", message,
               "--remote", "publish", "--branch", branch]
        host = urlsplit(s.siteurl).hostname or ""
        if host and not host.endswith("github.io"):
            cmd += ["--cname", host]  # GitHub Pages forgets a custom domain without its CNAME file
        made = _run([*cmd, str(site)], cwd=scratch, env={**os.environ, **_identity(root, s)})
        if made.returncode or git("rev-parse", "--verify", "-q", f"refs/heads/{branch}").returncode:
            raise PublishFailed(f"ghp-import could not commit the site:\n{(made.stderr or made.stdout).strip()}\n"
                                "Nothing was published.")
        pushed = git("push", "-q", "publish", f"refs/heads/{branch}:refs/heads/{branch}")
        if pushed.returncode:
            raise PublishFailed(f"could not push {branch} to {address}:\n{pushed.stderr.strip()}\n"
                                "Nothing was published; try again (someone may have published at the same time).")
    return f"{address} branch {branch} ({message[0].lower()}{message[1:]})"


def to_rsync(site: Path, root: Path, s: PublishSettings) -> str:
    """rsync `site` to the destination; --delay-updates puts changed files in place at the end."""
    dest = s.rsync_dest
    if ":" not in dest.split("/", 1)[0]:
        dest = str((root / dest).resolve()) + "/"  # a local folder, relative to the project
    # --delete-delay: files gone from the site are removed after the transfer, not before it.
    done = _run(["rsync", "-a", "--delete-delay", "--delay-updates", f"{site}/", dest])
    if done.returncode:
        raise PublishFailed(f"rsync to {dest} failed:\n{done.stderr.strip()}\n"
                            "Files are only moved into place at the end, so the old site should still be there; "
                            "run `make publish` again.")
    return dest


def _writable(folder: Path, setting: str) -> None:
    """Stop unless a folder can be made inside `folder` (or where it would be made).

    Tried for real (a folder made and removed at once), not judged from permission bits: root
    ignores those, while a read-only mount, an immutable folder or a path through a file
    refuse even root. Nothing is created when the answer is no.
    """
    existing = next(p for p in (folder, *folder.parents) if p.exists() or p.is_symlink())
    if not existing.is_dir():
        raise PublishFailed(f"{setting}: {existing} is a file, so {folder} cannot be made — "
                            f"remove the file or set {setting} to another folder. Nothing was published.")
    try:
        Path(tempfile.mkdtemp(dir=existing, prefix=".publish-probe-")).rmdir()
    except OSError as err:
        raise PublishFailed(f"{setting}: cannot write in {existing} ({err.strerror}) — make it writable "
                            f"for this user, or set {setting} to a folder you can write. Nothing was published.") \
            from None


def _preflight_folder(root: Path, s: PublishSettings) -> None:
    dest = root / s.dir
    if root.is_relative_to(dest.resolve()):
        raise PublishFailed(f"PUBLISH_DIR {s.dir!r} would replace the project itself — "
                            "name a folder of its own, e.g. PUBLISH_DIR=publish")
    if dest.is_symlink():
        # Renaming a new folder over the link would replace the link itself with a folder.
        raise PublishFailed(
            f"PUBLISH_DIR {s.dir!r} is a symlink (to {os.readlink(dest)}), and the folder target replaces "
            f"what is at that path — either set PUBLISH_DIR to the folder it points to ({dest.resolve()}), "
            f"or, for a `current` symlink switched between releases, set PUBLISH_TARGET=releases and "
            f"PUBLISH_DIR={dest.parent} (the folder holding {dest.name} and releases/). Nothing was published.")
    if dest.exists() and not dest.is_dir():
        raise PublishFailed(f"PUBLISH_DIR {s.dir!r} is a file, not a folder — remove it or name another folder. "
                            "Nothing was published.")
    _writable(dest.parent, "PUBLISH_DIR")


def _preflight_releases(root: Path, s: PublishSettings) -> None:
    base = root / s.dir
    if root.is_relative_to(base.resolve()):
        raise PublishFailed(f"PUBLISH_DIR {s.dir!r} is the project itself — name the folder that holds "
                            f"{RELEASES}/ and {CURRENT}, e.g. PUBLISH_DIR=/var/www/site")
    current, releases = base / CURRENT, base / RELEASES
    if current.exists() and not current.is_symlink():
        raise PublishFailed(
            f"{current} is a folder or file, not a symlink, so it cannot be switched in one step — move it into "
            f"{RELEASES}/ and link it: `mkdir -p {releases} && mv {current} {releases}/first && "
            f"ln -s {RELEASES}/first {current}`. Nothing was published.")
    if releases.exists() and not releases.is_dir():
        raise PublishFailed(f"{releases} is a file, not a folder — remove it. Nothing was published.")
    _writable(base, "PUBLISH_DIR")
    if releases.is_dir():
        _writable(releases, "PUBLISH_DIR")


def _preflight(target: str, root: Path, s: PublishSettings) -> None:
    """Stop before the build, so a wrong setting costs a second, not a whole build."""
    if target not in TARGETS:
        raise PublishFailed(f"unknown PUBLISH_TARGET '{target}' — use one of: {', '.join(TARGETS)} "
                            "(in publishconf.py, or PUBLISH_TARGET=folder make publish)")
    need = {"gh-pages": "git", "rsync": "rsync"}.get(target)
    if need and not shutil.which(need):
        raise PublishFailed(f"publishing to {target} needs {need}: run `sudo apt-get install -y {need}`")
    if target == "folder":
        _preflight_folder(root, s)
    elif target == "releases":
        _preflight_releases(root, s)
    elif target == "rsync" and not s.rsync_dest:
        raise PublishFailed("PUBLISH_RSYNC_DEST is empty — set it in publishconf.py, e.g. user@host:/var/www/site/")
    elif target == "gh-pages":
        address = _remote_address(root, s.git_remote)
        reach = _run(["git", "ls-remote", "--heads", address, s.git_branch], cwd=root)
        if reach.returncode:
            raise PublishFailed(f"cannot reach the git remote {s.git_remote} ({address}):\n{reach.stderr.strip()}\n"
                                "Check PUBLISH_GIT_REMOTE in publishconf.py and your access to it. "
                                "Nothing was published.")


def publish(root: Path, target: str | None, build: Callable[[str], object]) -> str:
    """Build with `build(output_dir)` into a fresh folder, then publish it to `target`; say where."""
    root = Path(root).resolve()
    s = read_settings(root)
    target = target or s.target
    _preflight(target, root, s)
    if target == "folder":
        where = to_folder(root / s.dir, build)  # an absolute PUBLISH_DIR stays as it is
    elif target == "releases":
        where = to_releases(root / s.dir, s.keep_releases, build)
    else:
        with tempfile.TemporaryDirectory(prefix="publish-") as tmp:
            site = Path(tmp) / "site"
            if target == "gh-pages":
                _build(build, site, f"the {s.git_branch} branch of {s.git_remote}")
                where = to_gh_pages(site, root, s)
            else:
                _build(build, site, s.rsync_dest)
                where = to_rsync(site, root, s)
    print(f"Published to {where}")
    return where

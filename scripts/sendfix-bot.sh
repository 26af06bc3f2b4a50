#!/usr/bin/env bash
# sendfix-bot.sh: the pull-request bot recipe.
#
# Runs `sendfix fix` on a git checkout, commits the result on a new branch
# with the pull-request description as the commit message (the title as
# its subject), and pushes the branch. With --open-pr it also opens the
# pull request with the GitHub CLI (gh).
#
# Usage:
#   sendfix-bot.sh [options] [-- SENDFIX-FLAGS-AND-PATHS...]
#
# Options:
#   -C DIR          the checkout (default: the working directory)
#   -r REMOTE       the remote to push to (default: origin)
#   -b BRANCH       the branch to create (default: sendfix/fix-<short HEAD>)
#   -o DIR          where to leave title.txt and body.md
#                   (default: <git dir>/sendfix-bot)
#   --force         replace the branch if it exists (here or on the remote)
#   --open-pr       open the pull request with `gh pr create` after pushing
#   --no-push       commit on the branch but do not push (a dry run)
#   -h, --help      this text
#
# Everything after `--` goes to `sendfix fix` (flags, then paths).
# Environment: SENDFIX names the sendfix binary (default: sendfix on PATH).
# When GITHUB_OUTPUT is set (GitHub Actions), the script appends
# changed=true|false, branch=, title= and body-file= to it.
#
# Exit status: 0 when a branch was pushed or there was nothing to fix;
# 1 when sendfix or git failed (a dirty checkout, an existing remote
# branch without --force, sendfix exit 2); 2 for a usage error.
# Findings that need a manual fix (sendfix exit 3) do not fail the run:
# the description lists them under "Left for a human".
set -euo pipefail

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }
die() { echo "sendfix-bot: $*" >&2; exit 1; }

dir=. remote=origin branch= outdir= force=0 open_pr=0 push=1
while [ $# -gt 0 ]; do
	case "$1" in
	-C) dir=${2:?-C needs a directory}; shift 2 ;;
	-r) remote=${2:?-r needs a remote}; shift 2 ;;
	-b) branch=${2:?-b needs a branch}; shift 2 ;;
	-o) outdir=${2:?-o needs a directory}; shift 2 ;;
	--force) force=1; shift ;;
	--open-pr) open_pr=1; shift ;;
	--no-push) push=0; shift ;;
	-h|--help) usage; exit 0 ;;
	--) shift; break ;;
	*) echo "sendfix-bot: unknown option $1 (see --help)" >&2; exit 2 ;;
	esac
done
sendfix=${SENDFIX:-sendfix}
command -v "$sendfix" >/dev/null 2>&1 || die "cannot find sendfix ($sendfix); set SENDFIX or put it on PATH"

cd "$dir"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || die "$dir is not a git checkout"
cd "$(git rev-parse --show-toplevel)"
[ -z "$(git status --porcelain --untracked-files=no)" ] || die "the checkout has uncommitted changes; the bot needs a clean checkout"

start=$(git symbolic-ref --quiet --short HEAD || git rev-parse HEAD)
short=$(git rev-parse --short=12 HEAD)
branch=${branch:-sendfix/fix-$short}
git check-ref-format --branch "$branch" >/dev/null || die "not a valid branch name: $branch"
if [ "$force" = 0 ] && git show-ref --verify --quiet "refs/heads/$branch"; then
	die "branch $branch exists here already (use --force to replace it)"
fi
if [ "$push" = 1 ] && [ "$force" = 0 ] && git ls-remote --exit-code --heads "$remote" "$branch" >/dev/null 2>&1; then
	die "branch $branch exists on $remote already (use --force to replace it)"
fi

outdir=${outdir:-$(git rev-parse --absolute-git-dir)/sendfix-bot}
mkdir -p "$outdir"
title_file=$outdir/title.txt body_file=$outdir/body.md
rm -f "$title_file" "$body_file"

output() { # key value: for the next steps of a GitHub Actions job
	if [ -n "${GITHUB_OUTPUT:-}" ]; then printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"; fi
}

status=0
"$sendfix" fix --quiet --pr-body "$body_file" --pr-title "$title_file" "$@" || status=$?
case $status in
0|3) ;;
*)
	git checkout --quiet -- . 2>/dev/null || true
	die "sendfix fix failed (exit $status); nothing committed"
	;;
esac

if git diff --quiet; then
	echo "sendfix-bot: nothing to fix"
	output changed false
	exit 0
fi

title=$(head -n 1 "$title_file")
msg=$outdir/commit-message.txt
{
	printf '%s\n\n' "$title"
	# The body without its first line, the <!-- title: ... --> comment.
	tail -n +2 "$body_file"
} >"$msg"

git switch --quiet -C "$branch"
git add --update
ident=()
git config user.email >/dev/null 2>&1 || ident+=(-c user.email=sendfix-bot@users.noreply.github.com)
git config user.name >/dev/null 2>&1 || ident+=(-c user.name=sendfix-bot)
git ${ident[@]+"${ident[@]}"} commit --quiet --cleanup=whitespace -F "$msg"
commit=$(git rev-parse HEAD)

if [ "$push" = 1 ]; then
	flags=(--quiet --set-upstream)
	[ "$force" = 1 ] && flags+=(--force)
	git push "${flags[@]}" "$remote" "$branch"
fi
git switch --quiet "$start" 2>/dev/null || git checkout --quiet "$start"
# Pushed, the branch lives on the remote; keep the checkout as it was.
if [ "$push" = 1 ]; then
	git branch --quiet -D "$branch"
fi

if [ "$push" = 1 ] && [ "$open_pr" = 1 ]; then
	command -v gh >/dev/null 2>&1 || die "--open-pr needs the GitHub CLI (gh)"
	base=${start#refs/heads/}
	gh pr create --head "$branch" --base "$base" --title "$title" --body-file "$body_file"
fi

output changed true
output branch "$branch"
output title "$title"
output body-file "$body_file"
where="pushed to $remote"
[ "$push" = 1 ] || where="not pushed"
echo "sendfix-bot: committed $commit on $branch ($where): $title"

#!/usr/bin/env bash
# The README's "Use it from Maven" and embedding sections, pasted into a fresh Maven project that depends on the
# installed artifacts (resolved by Maven from the local repository, as an EHR vendor's build would): installs
# OpenROM, writes a project from README.md's text alone, compiles and runs each embedding snippet.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
mvn -B -q install -DskipTests
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$root/README.md" "$work" <<'PY'
import re, sys, pathlib
readme, work = pathlib.Path(sys.argv[1]).read_text(), pathlib.Path(sys.argv[2])
blocks = re.findall(r"```(\w+)\n(.*?)```", readme, re.S)
xml = [b for lang, b in blocks if lang == "xml"]
java = [b for lang, b in blocks if lang == "java" and "import org.openrom" in b]
assert len(xml) == 1 and len(java) >= 3, (len(xml), len(java))
(work / "pom.xml").write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example.ehr</groupId>
  <artifactId>fresh-project</artifactId>
  <version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
{xml[0]}
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.13.0</version>
      </plugin>
    </plugins>
  </build>
</project>
""")
src = work / "src/main/java/example"
src.mkdir(parents=True)
names = []
for i, block in enumerate(java):
    imports = [l for l in block.splitlines() if l.startswith("import ")]
    body = "\n".join("        " + l for l in block.splitlines() if not l.startswith("import "))
    name = f"Snippet{i + 1}"
    names.append(name)
    (src / f"{name}.java").write_text("package example;\n\n" + "\n".join(imports)
        + f"\n\npublic class {name} {{\n    public static void main(String[] args) throws Exception {{\n{body}\n    }}\n}}\n")
(work / "snippets.txt").write_text("\n".join(names) + "\n")
PY
cd "$work"
mvn -B -q compile dependency:build-classpath -Dmdep.outputFile=cp.txt
while read -r snippet; do
  out="$(java -cp "target/classes:$(cat cp.txt)" "example.$snippet")"
  echo "fresh project: $snippet ran${out:+: $out}"
done < snippets.txt

"""`template list | copy NAME | check [NAME] | fields NAME | restore NAME` (docs/commands.md)."""
from __future__ import annotations

from desktop_app.cli import EXIT_OK, EXIT_REFUSED, UsageError


def run_template_command(ctx, args, out) -> int:
    from desktop_app.services.templates import TemplateService

    service = TemplateService(ctx)
    action, name = args.action, args.name
    if action != "list" and action != "check" and not name:
        raise UsageError(f"template {action} 需要模板名称，例如：cppcc-desk template {action} 年度工作总结。"
                         "可用的名称见 cppcc-desk template list。")
    if action == "list":
        out.say(f"本单位模板放在：{service.office_folder}（与程序自带模板同名的文件优先使用）")
        for info in service.list():
            where = f"本单位模板 {info.office_copy}" if info.office_copy_in_use else "程序自带模板"
            out.say(f"{info.title}（{info.key}）：{where} —— {info.purpose}")
        return EXIT_OK
    if action == "copy":
        info, copied = service.copy(name)
        if copied:
            out.say(f"已复制“{info.file_name}”为本单位模板：{info.office_copy}")
            out.say("用 Word 或 WPS 修改并保存后，生成文件时即使用修改后的模板。")
        else:
            out.say(f"本单位模板已经存在，未覆盖：{info.office_copy}")
        return EXIT_OK
    if action == "restore":
        kept = service.restore_default(name)
        info = service.info(name)
        if kept is None:
            out.say(f"“{info.file_name}”本来就在使用程序自带模板。")
        else:
            out.say(f"已恢复程序自带的“{info.file_name}”。原本单位模板已改名保留为：{kept}")
        return EXIT_OK
    if action == "fields":
        info = service.info(name)
        out.say(f"模板“{info.file_name}”可用的字段（在 Word 中写成 {{{{ 字段 }}}}；列表用 {{% for 项 in 列表 %}}…{{% endfor %}}）：")
        for field in service.fields(name):
            description = f"　{field.description}" if field.description else ""
            out.say(f"  {field.path}　例：{field.example}{description}")
        return EXIT_OK
    results = service.check(name)
    bad = [r for r in results if not r.ok]
    for result in results:
        which = "本单位模板" if result.info.office_copy_in_use else "程序自带模板"
        if result.ok:
            out.say(f"{result.info.file_name}（{which}）：没有问题。")
        else:
            out.warn(f"{result.info.file_name}（{which}）有{len(result.problems)}处问题：")
            for problem in result.problems:
                out.warn(f"  - {problem.describe()}")
    return EXIT_REFUSED if bad else EXIT_OK

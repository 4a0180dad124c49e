import WireProtocol

/// `help`: the shell's commands.
struct HelpCommand: ShellCommand {
    static let entries: [(String, String)] = [
        ("list [--state 状态] [--org 单位] [--mine] [--overdue] [--limit N]", "列出案件"),
        ("search 关键词 [--state 状态] [--org 单位]", "全文检索案件"),
        ("open XF-YYYY-NNNNNN", "进入案件（之后直接输入文字即为备注）"),
        ("show [XF-…]", "查看案件而不进入"),
        ("new", "逐步登记走访或来电；脚本中用 new --subject … --content … --name …"),
        ("watch [--case XF-…] [--type 类型] [--count N] [--from-beginning]", "实时查看事件（Ctrl-C 结束）"),
        ("plugins [restart 插件名]", "插件状态；restart 重启插件（管理员）"),
        ("stats [--org 单位] [--from 日期] [--to 日期]", "统计数据（附计算方法）"),
        ("whoami", "当前用户、权限与单位范围"),
        ("orgs", "单位列表"),
        ("org add 编号 名称 [--parent 上级] [--level 级别]", "新建单位（管理员）"),
        ("user add 编号 姓名 --org 单位 --role 角色[,角色] [--right 权限]", "新建用户（管理员）"),
        ("token new 用户 [--label 说明] [--no-expiry]", "签发令牌（管理员）"),
        ("help", "帮助"),
        ("quit", "退出"),
    ]

    func run(on shell: Shell) async throws -> String {
        if shell.json {
            return JSONDocument.object(["commands": Self.entries.map { ["usage": $0.0, "description": $0.1] }])
        }
        let width = Self.entries.map { DisplayWidth.of($0.0) }.max() ?? 0
        return (["可用命令："] + Self.entries.map { "  " + DisplayWidth.pad($0.0, to: width) + "  " + $0.1 }).joined(separator: "\n")
    }
}

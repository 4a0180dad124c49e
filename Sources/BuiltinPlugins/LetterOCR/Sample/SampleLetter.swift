import Foundation

/// A generated letter with its known truth: the fields, and the exact text that is rendered.
/// Names, numbers and places are made up (ID numbers are random but carry a valid check
/// character; mobile numbers use real prefixes).
struct SampleLetter: Sendable, Hashable, Codable {
    var name: String
    var idNumber: String
    var mobile: String
    var landline: String
    var address: String
    var letterDate: String
    var addressee: String
    var body: [String]
    /// The text as rendered (one line per `\n`).
    var text: String

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏付方邹熊")
    static let givenCharacters = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国红文斌宇浩凯鹏飞云海波林晓春燕志鸿德福庆祥瑞宏瑛淑珍琴兴旺顺")
    static let provinces = [("河北省", "石家庄市", ["长安区", "桥西区", "裕华区"], "130102"),
                            ("江苏省", "南京市", ["玄武区", "秦淮区", "鼓楼区"], "320102"),
                            ("浙江省", "杭州市", ["上城区", "拱墅区", "西湖区"], "330102"),
                            ("湖南省", "长沙市", ["芙蓉区", "天心区", "岳麓区"], "430102"),
                            ("四川省", "成都市", ["锦江区", "青羊区", "金牛区"], "510104"),
                            ("山东省", "济南市", ["历下区", "市中区", "槐荫区"], "370102"),
                            ("河南省", "郑州市", ["中原区", "二七区", "金水区"], "410102")]
    static let roads = ["人民路", "解放路", "建设路", "幸福路", "和平街", "中山路", "文化路", "新华街", "长江路", "光明路"]
    static let communities = ["阳光小区", "幸福家园", "翠苑小区", "锦绣花园", "和平里", "金色家园"]
    static let addressees = ["%@信访局", "%@人民政府", "%@住房和城乡建设局", "%@市场监督管理局", "%@生态环境局", "%@人力资源和社会保障局"]
    static let mobilePrefixes = ["135", "136", "138", "139", "150", "152", "158", "177", "186", "189"]
    static let areaCodes = ["0311", "025", "0571", "0731", "028", "0531", "0371"]
    static let complaints = [
        ("楼下商铺每晚施工到凌晨两点，噪音很大，老人孩子无法休息。", "请求有关部门依法查处夜间施工扰民问题。"),
        ("小区物业擅自提高物业费，且多年未公开公共收益账目。", "恳请主管部门督促物业公开账目并停止违规收费。"),
        ("我在某建筑工地务工半年，工程结束后老板拖欠工资三万余元至今未付。", "请求劳动监察部门帮助追讨被拖欠的工资。"),
        ("附近一家化工厂夜间排放刺鼻废气，居民多次反映无果。", "请求环保部门对该厂排污情况进行检查并依法处理。"),
        ("我家房屋因道路拓宽被征收，补偿标准明显低于周边同类房屋。", "要求有关部门重新评估并按政策给予合理补偿。"),
        ("小区电梯多次发生故障，曾将老人困在电梯内近一小时。", "希望主管部门督促物业尽快维修更换电梯。"),
    ]

    /// A letter drawn from `random`.
    static func make(using random: inout SampleRandom) -> SampleLetter {
        let surname = random.pick(surnames)
        let given = String((0..<(random.chance(0.7) ? 2 : 1)).map { _ in random.pick(givenCharacters) })
        let name = String(surname) + given
        let (province, city, districts, region) = random.pick(provinces)
        let district = random.pick(districts)
        let year = Int.random(in: 1950...2000, using: &random), month = Int.random(in: 1...12, using: &random), day = Int.random(in: 1...28, using: &random)
        let first17 = region + String(format: "%04d%02d%02d", year, month, day) + random.digits(3)
        let idNumber = first17 + String(ResidentIDRepair.checkCharacter(for: first17)!)
        let mobile = random.pick(mobilePrefixes) + random.digits(8)
        let landline = random.chance(0.4) ? random.pick(areaCodes) + "-" + String(Int.random(in: 2...8, using: &random)) + random.digits(6) : ""
        let address = "\(province)\(city)\(district)\(random.pick(roads))\(Int.random(in: 1...300, using: &random))号\(random.pick(communities))\(Int.random(in: 1...20, using: &random))栋\(Int.random(in: 1...6, using: &random))0\(Int.random(in: 1...4, using: &random))室"
        let addressee = String(format: random.pick(addressees), random.chance(0.5) ? city : city + district)
        let dateYear = 2026, dateMonth = Int.random(in: 1...12, using: &random), dateDay = Int.random(in: 1...28, using: &random)
        let (problem, request) = random.pick(complaints)
        let since = ["今年以来", "近几个月来", "去年年底以来", "最近半年"]
        let body = [
            "我是\(district)居民，\(since[Int.random(in: 0..<since.count, using: &random)])，\(problem)",
            "我多次向社区和街道反映，至今没有得到解决。\(request)",
        ]
        let nameLabel = random.pick(["信访人", "来信人", "反映人", "姓名"])
        let phoneLine = random.chance(0.5) ? "联系电话：\(mobile)" : "手机：\(spaced(mobile, using: &random))"
        let chineseDate = random.chance(0.3)
        let dateText = chineseDate ? chineseNumerals(dateYear, dateMonth, dateDay) : "\(dateYear)年\(dateMonth)月\(dateDay)日"
        var lines = ["\(addressee)："] + body.map { "　　" + $0 } + ["　　此致", "敬礼", "\(nameLabel)：\(name)", "身份证号：\(idNumber)", phoneLine]
        if !landline.isEmpty { lines.append("固定电话：\(landline)") }
        lines += ["住址：\(address)", dateText]
        return SampleLetter(
            name: name, idNumber: idNumber, mobile: mobile, landline: landline, address: address,
            letterDate: String(format: "%04d-%02d-%02d", dateYear, dateMonth, dateDay), addressee: addressee, body: body,
            text: lines.joined(separator: "\n"))
    }

    private static func spaced(_ mobile: String, using random: inout SampleRandom) -> String {
        guard random.chance(0.5) else { return mobile }
        let characters = Array(mobile)
        return String(characters[0..<3]) + "-" + String(characters[3..<7]) + "-" + String(characters[7...])
    }

    static func chineseNumerals(_ year: Int, _ month: Int, _ day: Int) -> String {
        let digits = Array("〇一二三四五六七八九")
        let yearText = String(String(year).compactMap { $0.wholeNumberValue.map { digits[$0] } })
        func small(_ value: Int) -> String {
            switch value {
            case ..<10: String(digits[value])
            case 10: "十"
            case ..<20: "十" + String(digits[value - 10])
            default: String(digits[value / 10]) + "十" + (value % 10 == 0 ? "" : String(digits[value % 10]))
            }
        }
        return "\(yearText)年\(small(month))月\(small(day))日"
    }
}

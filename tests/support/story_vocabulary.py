"""The story corpus's world: (English, Chinese) pairs, so both languages draw from it.

Part of the generator of `tests.support.story_corpus` (the dedup bench and the story tests).
"""

CITIES = [
    ("Shanghai", "上海"), ("Zunyi", "遵义"), ("Chengdu", "成都"), ("Guiyang", "贵阳"),
    ("Kunming", "昆明"), ("Wuhan", "武汉"), ("Hangzhou", "杭州"), ("Ningbo", "宁波"),
    ("Suzhou", "苏州"), ("Wuxi", "无锡"), ("Nanjing", "南京"), ("Hefei", "合肥"),
    ("Fuzhou", "福州"), ("Xiamen", "厦门"), ("Jinan", "济南"), ("Qingdao", "青岛"),
    ("Zhengzhou", "郑州"), ("Changsha", "长沙"), ("Nanchang", "南昌"), ("Nanning", "南宁"),
    ("Lanzhou", "兰州"), ("Xining", "西宁"), ("Yinchuan", "银川"), ("Hohhot", "呼和浩特"),
    ("Taiyuan", "太原"), ("Tianjin", "天津"), ("Dalian", "大连"), ("Shenyang", "沈阳"),
    ("Harbin", "哈尔滨"), ("Xi'an", "西安"), ("Chongqing", "重庆"), ("Mianyang", "绵阳"),
    ("Yibin", "宜宾"), ("Luzhou", "泸州"), ("Liupanshui", "六盘水"), ("Anshun", "安顺"),
    ("Bijie", "毕节"), ("Tongren", "铜仁"), ("Kaili", "凯里"), ("Duyun", "都匀"),
    ("Shenzhen", "深圳"), ("Foshan", "佛山"), ("Dongguan", "东莞"), ("Zhuhai", "珠海"),
    ("Wenzhou", "温州"), ("Jinhua", "金华"), ("Yantai", "烟台"), ("Weifang", "潍坊"),
    ("Luoyang", "洛阳"), ("Baoji", "宝鸡"),
]
PROVINCES = [
    ("Guizhou", "贵州省"), ("Sichuan", "四川省"), ("Yunnan", "云南省"), ("Zhejiang", "浙江省"),
    ("Jiangsu", "江苏省"), ("Guangdong", "广东省"), ("Shandong", "山东省"), ("Hubei", "湖北省"),
    ("Hunan", "湖南省"), ("Henan", "河南省"), ("Shaanxi", "陕西省"), ("Gansu", "甘肃省"),
]
SPECIALTIES = [
    ("Modern Chemical Industry", "现代化工"), ("Tourism", "旅游"), ("Information Technology",
    "信息技术"), ("Transport", "交通"), ("Light Industry", "轻工"), ("Agriculture", "农业"),
    ("Health", "卫生"), ("Electromechanical", "机电"), ("Construction", "建筑"),
    ("Finance and Trade", "财经商贸"), ("Art and Design", "艺术设计"), ("Railway", "铁道"),
    ("Aviation", "航空"), ("Energy", "能源"), ("Water Resources", "水利"),
    ("Food and Drug", "食品药品"), ("Textile", "纺织"), ("Logistics", "物流"),
    ("Electronics", "电子"), ("Mechanical Engineering", "机械工程"),
]
SCHOOL_TYPES = [
    ("Vocational College", "职业学院"), ("Vocational and Technical College", "职业技术学院"),
    ("Secondary Vocational School", "中等职业学校"), ("Technician College", "技师学院"),
    ("Polytechnic", "高等专科学校"), ("Vocational Education Center", "职业教育中心"),
]
FIRMS = [
    ("Hengtai", "恒泰"), ("Zhongchuang", "中创"), ("Xinda", "信达"), ("Huayu", "华宇"),
    ("Tianrui", "天瑞"), ("Jinhui", "金辉"), ("Longteng", "龙腾"), ("Boyuan", "博远"),
    ("Kaiyuan", "开元"), ("Ruifeng", "瑞丰"), ("Shengshi", "盛世"), ("Hongda", "宏达"),
    ("Yongxin", "永鑫"), ("Zhihui", "智汇"), ("Guoxin", "国信"), ("Lianchuang", "联创"),
    ("Mingyang", "明阳"), ("Haixin", "海信达"), ("Chuangwei", "创维通"), ("Jiahe", "嘉禾"),
]
INDUSTRIES = [
    ("Intelligent Manufacturing", "智能制造"), ("New Energy Vehicle", "新能源汽车"),
    ("Cold Chain Logistics", "冷链物流"), ("Hotel Management", "酒店管理"),
    ("Software", "软件"), ("Pharmaceutical", "医药"), ("Precision Machinery", "精密机械"),
    ("Electric Power", "电力"), ("Rail Transit", "轨道交通"), ("E-commerce", "电子商务"),
    ("Construction Engineering", "建设工程"), ("Food Processing", "食品加工"),
    ("Semiconductor", "半导体"), ("Big Data", "大数据"), ("Elderly Care", "养老服务"),
]
SURNAMES = [
    ("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"), ("Yang", "杨"),
    ("Zhao", "赵"), ("Huang", "黄"), ("Zhou", "周"), ("Wu", "吴"), ("Xu", "徐"), ("Sun", "孙"),
    ("Hu", "胡"), ("Zhu", "朱"), ("Gao", "高"), ("Lin", "林"), ("He", "何"), ("Guo", "郭"),
    ("Ma", "马"), ("Luo", "罗"), ("Liang", "梁"), ("Song", "宋"), ("Zheng", "郑"), ("Xie", "谢"),
    ("Han", "韩"), ("Tang", "唐"), ("Feng", "冯"), ("Yu", "于"), ("Dong", "董"), ("Cao", "曹"),
]
GIVEN = [
    ("Wei", "伟"), ("Fang", "芳"), ("Min", "敏"), ("Jing", "静"), ("Qiang", "强"), ("Lei", "磊"),
    ("Jun", "军"), ("Yang", "洋"), ("Yong", "勇"), ("Yan", "艳"), ("Jie", "杰"), ("Tao", "涛"),
    ("Ming", "明"), ("Chao", "超"), ("Xiuying", "秀英"), ("Hua", "华"), ("Ping", "平"),
    ("Gang", "刚"), ("Hui", "辉"), ("Ling", "玲"), ("Jianguo", "建国"), ("Zhiqiang", "志强"),
    ("Haiyan", "海燕"), ("Xiaohong", "晓红"), ("Guoqing", "国庆"), ("Wenjie", "文杰"),
    ("Yulan", "玉兰"), ("Dewei", "德伟"), ("Shuang", "爽"), ("Kai", "凯"),
]
SCHOOL_ROLES = [
    ("Principal", "校长"), ("Vice Principal", "副校长"), ("Party Secretary", "党委书记"),
    ("Dean of Academic Affairs", "教务处处长"), ("Director of Enrollment and Employment",
    "招生就业处处长"), ("Head of the School of Engineering", "工程学院院长"),
    ("Deputy Party Secretary", "党委副书记"), ("Director of the Training Centre", "实训中心主任"),
]
COMPANY_ROLES = [
    ("General Manager", "总经理"), ("Chairman", "董事长"), ("HR Director", "人力资源总监"),
    ("Technical Director", "技术总监"), ("Deputy General Manager", "副总经理"),
    ("Chief Engineer", "总工程师"),
]
MAJORS = [
    ("mechatronics", "机电一体化技术"), ("numerical control technology", "数控技术"),
    ("automotive maintenance", "汽车检测与维修技术"), ("nursing", "护理"),
    ("preschool education", "学前教育"), ("e-commerce", "电子商务"),
    ("hotel management", "酒店管理与数字化运营"), ("industrial robotics", "工业机器人技术"),
    ("computer networking", "计算机网络技术"), ("big data accounting", "大数据与会计"),
    ("logistics management", "现代物流管理"), ("applied chemical engineering", "应用化工技术"),
    ("building construction", "建筑工程技术"), ("railway signalling", "铁道信号自动控制"),
    ("new energy vehicles", "新能源汽车技术"), ("tourism management", "旅游管理"),
    ("food inspection", "食品检验检测技术"), ("electrical automation", "电气自动化技术"),
    ("software technology", "软件技术"), ("cooking and nutrition", "烹饪工艺与营养"),
    ("elderly care", "智慧健康养老服务与管理"), ("drone application", "无人机应用技术"),
]
DEPARTMENTS = [
    ("Academic Affairs Office", "教务处"), ("Enrollment and Employment Office", "招生就业处"),
    ("Office of Industry-Education Cooperation", "产教融合办公室"),
    ("Human Resources Office", "人事处"), ("Student Affairs Office", "学生工作处"),
    ("Science and Research Office", "科研处"),
]
MOTTOS = [
    ("Virtue, Skill, Diligence, Innovation", "厚德、精技、勤学、创新"),
    ("Learning by Doing", "知行合一、学以致用"),
    ("Craftsmanship and Integrity", "崇德尚技、笃行致远"),
    ("Practice Makes Excellence", "博学笃行、精益求精"),
    ("Serve Industry, Build Careers", "服务产业、成就人生"),
]

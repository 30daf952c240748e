#include "stocktaking/demo_texts.h"

#include "core/text.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>

namespace wsis::stocktaking::demo {

// ---- randomness ------------------------------------------------------------------------------

std::uint64_t DemoRng::below(std::uint64_t n) {
  // Rejection of the top partial range keeps every value equally likely.
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  std::uint64_t x;
  do x = next();
  while (x >= limit);
  return x % n;
}

std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  std::uint64_t z = a + 0x9E3779B97F4A7C15ULL * (b + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

namespace {

using Six = std::array<std::string_view, 6>;  // ar en es fr ru zh

// ---- small grammar helpers -------------------------------------------------------------------

std::string case_first(std::string_view text, bool upper) {
  if (text.empty()) return {};
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, static_cast<int32_t>(text.size()), c);
  if (c < 0) return std::string(text);
  UChar32 changed = upper ? u_toupper(c) : u_tolower(c);
  char buffer[4];
  int32_t length = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buffer), length, 4, changed, error);
  if (error) return std::string(text);
  return std::string(buffer, static_cast<std::size_t>(length)) + std::string(text.substr(static_cast<std::size_t>(i)));
}
std::string cap(std::string_view text) { return case_first(text, true); }

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// Arabic "li-" before a noun: "ل" + "الأمن" is written "للأمن".
std::string ar_li(std::string_view noun) {
  if (starts_with(noun, "ال")) return "لل" + std::string(noun.substr(std::string_view("ال").size()));
  return "ل" + std::string(noun);
}

// Spanish "a"/"de" before "el" contract to "al"/"del".
std::string es_join(std::string_view head, std::string_view noun_phrase) {
  std::string h(head);
  if (starts_with(noun_phrase, "el ")) {
    if (h.size() >= 2 && h.compare(h.size() - 2, 2, " a") == 0) return h + "l " + std::string(noun_phrase.substr(3));
    if (h.size() >= 3 && h.compare(h.size() - 3, 3, " de") == 0) return h + "l " + std::string(noun_phrase.substr(3));
  }
  return h + " " + std::string(noun_phrase);
}

// French "à"/"de" before "le"/"les" contract to "au"/"aux", "du"/"des".
std::string fr_join(std::string_view head, std::string_view noun_phrase) {
  std::string h(head);
  auto ends = [&](std::string_view tail) { return h.size() >= tail.size() && h.compare(h.size() - tail.size(), tail.size(), tail) == 0; };
  if (ends(" à")) {
    h.resize(h.size() - std::string_view("à").size());
    if (starts_with(noun_phrase, "le ")) return h + "au " + std::string(noun_phrase.substr(3));
    if (starts_with(noun_phrase, "les ")) return h + "aux " + std::string(noun_phrase.substr(4));
    return h + "à " + std::string(noun_phrase);
  }
  if (ends(" de")) {
    h.resize(h.size() - 2);
    if (starts_with(noun_phrase, "le ")) return h + "du " + std::string(noun_phrase.substr(3));
    if (starts_with(noun_phrase, "les ")) return h + "des " + std::string(noun_phrase.substr(4));
    return h + "de " + std::string(noun_phrase);
  }
  return h + " " + std::string(noun_phrase);
}

// Spanish "este"/"esta" from "el"/"la".
std::string es_this(std::string_view definite) {
  if (starts_with(definite, "la ")) return "esta " + std::string(definite.substr(3));
  return "este " + std::string(definite.substr(3));
}

// Digits grouped the way each language writes them (fr/ru: no-break space; es: period).
std::string format_number(std::int64_t n, Lang lang) {
  std::string digits = std::to_string(n);
  std::string sep;
  std::size_t min_digits = 4;
  switch (lang) {
    case kFr: case kRu: sep = "\u00A0"; min_digits = 5; break;
    case kEs: sep = "."; min_digits = 5; break;
    default: sep = ","; break;
  }
  if (digits.size() < min_digits) return digits;
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += sep;
    out += digits[i];
  }
  return out;
}

// ---- topics --------------------------------------------------------------------------------
// name: the topic in running text (ar definite; es, fr with article; ru nominative).
// comp: the complement after a kind (en noun adjunct; es bare; fr "de ..."; ru genitive).

struct Topic {
  TopicInfo info;
  Six name;
  Six comp;
};

const std::vector<Topic>& topics() {
  static const std::vector<Topic> kTopics = {
      {{"C1", "digital-policy", {"17.14", "16.6"}, {10, 16}},
       {"تنسيق السياسات الرقمية", "digital policy coordination", "la coordinación de las políticas digitales",
        "la coordination des politiques numériques", "координация цифровой политики", "数字政策协调"},
       {"", "digital policy coordination", "coordinación de políticas digitales",
        "de coordination des politiques numériques", "координации цифровой политики", "数字政策协调"}},
      {{"C1", "digital-transformation", {"16.7", "9.c"}, {10, 16}},
       {"التخطيط للتحول الرقمي", "digital transformation planning", "la planificación de la transformación digital",
        "la planification de la transformation numérique", "планирование цифровой трансформации", "数字化转型规划"},
       {"", "digital transformation planning", "planificación de la transformación digital",
        "de planification de la transformation numérique", "планирования цифровой трансформации", "数字化转型规划"}},
      {{"C1", "policy-dialogue", {"17.17", "16.7"}, {10}},
       {"الحوار بين أصحاب المصلحة المتعددين بشأن سياسات الاتصالات", "multi-stakeholder dialogue on ICT policy",
        "el diálogo multipartito sobre políticas de TIC", "le dialogue multipartite sur les politiques des TIC",
        "многосторонний диалог по политике в сфере ИКТ", "信通技术政策多利益攸关方对话"},
       {"", "ICT policy dialogue", "diálogo multipartito sobre políticas de TIC",
        "de dialogue multipartite sur les politiques des TIC", "многостороннего диалога по политике в сфере ИКТ",
        "信通技术政策多利益攸关方对话"}},
      {{"C2", "rural-broadband", {"9.c", "17.6", "9.1"}, {3, 15, 4}},
       {"النطاق العريض في المناطق الريفية", "rural broadband", "la banda ancha rural", "le haut débit en zone rurale",
        "широкополосный доступ в сельской местности", "农村宽带"},
       {"", "rural broadband", "banda ancha rural", "de haut débit en zone rurale",
        "широкополосного доступа в сельской местности", "农村宽带"}},
      {{"C2", "community-networks", {"9.c", "17.8"}, {3, 13, 1}},
       {"الشبكات المجتمعية", "community networks", "las redes comunitarias", "les réseaux communautaires",
        "сети местных сообществ", "社区网络"},
       {"", "community network", "redes comunitarias", "de réseaux communautaires", "сетей местных сообществ", "社区网络"}},
      {{"C2", "fibre-backbone", {"9.1", "9.c"}, {16}},
       {"شبكات الألياف الضوئية الأساسية", "fibre-optic backbone networks", "las redes troncales de fibra óptica",
        "les réseaux dorsaux en fibre optique", "магистральные волоконно-оптические сети", "光纤骨干网"},
       {"", "fibre backbone", "redes troncales de fibra óptica", "de réseaux dorsaux en fibre optique",
        "магистральных волоконно-оптических сетей", "光纤骨干网"}},
      {{"C2", "school-connectivity", {"4.a", "9.c"}, {7, 6}},
       {"ربط المدارس بالإنترنت", "school connectivity", "la conectividad escolar", "la connectivité des écoles",
        "подключение школ к интернету", "学校联网"},
       {"", "school connectivity", "conectividad escolar", "de connectivité des écoles", "подключения школ к интернету",
        "学校联网"}},
      {{"C2", "internet-exchange", {"9.c", "17.6"}, {}},
       {"نقاط تبادل الإنترنت", "Internet exchange points", "los puntos de intercambio de Internet",
        "les points d'échange Internet", "точки обмена интернет-трафиком", "互联网交换中心"},
       {"", "Internet exchange point", "puntos de intercambio de Internet", "de points d'échange Internet",
        "точек обмена интернет-трафиком", "互联网交换中心"}},
      {{"C3", "library-access", {"16.10", "17.8"}, {9, 7, 3}},
       {"النفاذ العام إلى الإنترنت في المكتبات", "public Internet access in libraries",
        "el acceso público a Internet en bibliotecas", "l'accès public à Internet dans les bibliothèques",
        "общественный доступ к интернету в библиотеках", "图书馆公共上网服务"},
       {"", "library Internet access", "acceso público a Internet en bibliotecas",
        "d'accès public à Internet dans les bibliothèques", "общественного доступа к интернету в библиотеках",
        "图书馆公共上网服务"}},
      {{"C3", "open-data", {"16.10", "17.18"}, {11, 17, 10}},
       {"البيانات الحكومية المفتوحة", "open government data", "los datos abiertos de gobierno",
        "les données publiques ouvertes", "открытые государственные данные", "政府开放数据"},
       {"", "open data", "datos abiertos de gobierno", "de données publiques ouvertes", "открытых государственных данных",
        "政府开放数据"}},
      {{"C3", "open-educational-resources", {"4.4", "4.c"}, {6, 7}},
       {"الموارد التعليمية المفتوحة", "open educational resources", "los recursos educativos abiertos",
        "les ressources éducatives libres", "открытые образовательные ресурсы", "开放教育资源"},
       {"", "open educational resources", "recursos educativos abiertos", "de ressources éducatives libres",
        "открытых образовательных ресурсов", "开放教育资源"}},
      {{"C3", "accessibility", {"10.2", "4.5"}, {8, 9}},
       {"إتاحة تكنولوجيا المعلومات والاتصالات", "accessible ICTs", "la accesibilidad de las TIC",
        "l'accessibilité des TIC", "доступность ИКТ", "信息通信技术无障碍"},
       {"", "ICT accessibility", "accesibilidad de las TIC", "d'accessibilité des TIC", "доступности ИКТ",
        "信息通信技术无障碍"}},
      {{"C4", "digital-skills", {"4.4", "8.6"}, {1, 0, 10, 7}},
       {"المهارات الرقمية", "digital skills", "las competencias digitales", "les compétences numériques",
        "цифровые навыки", "数字技能"},
       {"", "digital skills", "competencias digitales", "de compétences numériques", "цифровых навыков", "数字技能"}},
      {{"C4", "digital-literacy", {"4.4", "4.6"}, {9, 0, 3, 14}},
       {"محو الأمية الرقمية", "digital literacy", "la alfabetización digital", "l'alphabétisation numérique",
        "цифровая грамотность", "数字素养"},
       {"", "digital literacy", "alfabetización digital", "d'alphabétisation numérique", "цифровой грамотности",
        "数字素养"}},
      {{"C4", "coding", {"4.4", "5.b"}, {2, 1, 7}},
       {"تعلم البرمجة", "coding skills", "el aprendizaje de la programación", "l'apprentissage du code",
        "обучение программированию", "编程教育"},
       {"", "coding", "programación", "d'initiation au code", "обучения программированию", "编程教育"}},
      {{"C4", "regulatory-capacity", {"17.9", "16.6"}, {10}},
       {"بناء القدرات التنظيمية", "regulatory capacity", "la capacidad regulatoria", "les capacités de régulation",
        "потенциал регулирующих органов", "监管能力"},
       {"", "regulatory capacity", "capacidad regulatoria", "de renforcement des capacités de régulation",
        "потенциала регулирующих органов", "监管能力"}},
      {{"C5", "cybersecurity", {"16.a", "9.1"}, {5, 10, 9}},
       {"الأمن السيبراني", "cybersecurity", "la ciberseguridad", "la cybersécurité", "кибербезопасность", "网络安全"},
       {"", "cybersecurity", "ciberseguridad", "de cybersécurité", "кибербезопасности", "网络安全"}},
      {{"C5", "child-online-protection", {"16.2"}, {6, 15, 2}},
       {"حماية الأطفال على الإنترنت", "child online protection", "la protección de la infancia en línea",
        "la protection des enfants en ligne", "защита детей в интернете", "儿童在线保护"},
       {"", "child online protection", "protección de la infancia en línea", "de protection des enfants en ligne",
        "защиты детей в интернете", "儿童在线保护"}},
      {{"C5", "incident-response", {"16.a", "9.1"}, {10}},
       {"الاستجابة للحوادث السيبرانية", "cyber incident response", "la respuesta a incidentes cibernéticos",
        "la réponse aux incidents informatiques", "реагирование на компьютерные инциденты", "网络安全事件响应"},
       {"", "cyber incident response", "respuesta a incidentes cibernéticos", "de réponse aux incidents informatiques",
        "реагирования на компьютерные инциденты", "网络安全事件响应"}},
      {{"C5", "online-fraud", {"16.a", "8.10"}, {9, 5}},
       {"مكافحة الاحتيال الإلكتروني", "online fraud prevention", "la prevención del fraude en línea",
        "la prévention de la fraude en ligne", "профилактика мошенничества в интернете", "网络诈骗防范"},
       {"", "online fraud prevention", "prevención del fraude en línea", "de prévention de la fraude en ligne",
        "профилактики мошенничества в интернете", "网络诈骗防范"}},
      {{"C6", "spectrum", {"9.c", "17.6"}, {10}},
       {"إدارة الطيف الترددي", "spectrum management", "la gestión del espectro", "la gestion du spectre",
        "управление радиочастотным спектром", "频谱管理"},
       {"", "spectrum management", "gestión del espectro", "de gestion du spectre", "управления радиочастотным спектром",
        "频谱管理"}},
      {{"C6", "universal-service", {"9.c", "10.2"}, {3, 13}},
       {"صناديق الخدمة الشاملة", "universal service funds", "los fondos de servicio universal",
        "les fonds de service universel", "фонды универсального обслуживания", "普遍服务基金"},
       {"", "universal service fund", "fondos de servicio universal", "de fonds de service universel",
        "фондов универсального обслуживания", "普遍服务基金"}},
      {{"C6", "data-protection", {"16.10", "16.b"}, {10, 5}},
       {"حماية البيانات الشخصية", "personal data protection", "la protección de datos personales",
        "la protection des données personnelles", "защита персональных данных", "个人数据保护"},
       {"", "data protection", "protección de datos personales", "de protection des données personnelles",
        "защиты персональных данных", "个人数据保护"}},
      {{"C6", "ecommerce-law", {"17.11", "8.3"}, {5}},
       {"تنظيم التجارة الإلكترونية", "e-commerce regulation", "la regulación del comercio electrónico",
        "l'encadrement juridique du commerce électronique", "регулирование электронной торговли", "电子商务监管"},
       {"", "e-commerce regulation", "regulación del comercio electrónico",
        "d'encadrement juridique du commerce électronique", "регулирования электронной торговли", "电子商务监管"}},
      {{"C7", "local-development", {"9.c", "11.3"}, {16, 3}},
       {"تطبيقات تكنولوجيا المعلومات والاتصالات في التنمية المحلية", "ICT applications in local development",
        "las aplicaciones de las TIC para el desarrollo local",
        "les applications des TIC au service du développement local", "применение ИКТ в интересах местного развития",
        "面向地方发展的信息通信技术应用"},
       {"", "local ICT applications", "aplicaciones de las TIC para el desarrollo local",
        "d'applications des TIC au service du développement local", "применения ИКТ в интересах местного развития",
        "面向地方发展的信息通信技术应用"}},
      {{"C7-e-government", "online-services", {"16.6", "16.7"}, {10, 9, 3}},
       {"الخدمات العامة الإلكترونية", "online public services", "los servicios públicos en línea",
        "les services publics en ligne", "государственные услуги в электронном виде", "在线公共服务"},
       {"", "online public services", "servicios públicos en línea", "de services publics en ligne",
        "государственных услуг в электронном виде", "在线公共服务"}},
      {{"C7-e-government", "digital-identity", {"16.9"}, {14, 3}},
       {"الهوية الرقمية", "digital identity", "la identidad digital", "l'identité numérique", "цифровая идентификация",
        "数字身份"},
       {"", "digital identity", "identidad digital", "d'identité numérique", "цифровой идентификации", "数字身份"}},
      {{"C7-e-government", "e-procurement", {"16.5", "16.6"}, {5, 10}},
       {"المشتريات الحكومية الإلكترونية", "e-procurement", "la contratación pública electrónica",
        "la commande publique en ligne", "электронные государственные закупки", "电子政府采购"},
       {"", "e-procurement", "contratación pública electrónica", "de dématérialisation des marchés publics",
        "электронных государственных закупок", "电子政府采购"}},
      {{"C7-e-government", "e-participation", {"16.7", "16.10"}, {1, 2, 16}},
       {"المشاركة الإلكترونية", "e-participation", "la participación ciudadana en línea",
        "la participation citoyenne en ligne", "электронное участие граждан", "电子参与"},
       {"", "e-participation", "participación ciudadana en línea", "de participation citoyenne en ligne",
        "электронного участия граждан", "电子参与"}},
      {{"C7-e-business", "e-commerce", {"8.3", "17.11", "9.3"}, {5, 0}},
       {"التجارة الإلكترونية", "e-commerce", "el comercio electrónico", "le commerce électronique",
        "электронная торговля", "电子商务"},
       {"", "e-commerce", "comercio electrónico", "de commerce électronique", "электронной торговли", "电子商务"}},
      {{"C7-e-business", "digital-finance", {"8.10", "1.4"}, {0, 4, 3}},
       {"الخدمات المالية الرقمية", "digital financial services", "los servicios financieros digitales",
        "les services financiers numériques", "цифровые финансовые услуги", "数字金融服务"},
       {"", "digital finance", "servicios financieros digitales", "de services financiers numériques",
        "цифровых финансовых услуг", "数字金融服务"}},
      {{"C7-e-business", "online-marketplace", {"8.3", "17.11"}, {0, 13, 4}},
       {"الأسواق الإلكترونية للمنتجات المحلية", "online sales of local products",
        "los mercados en línea de productos locales", "les places de marché en ligne pour les produits locaux",
        "онлайн-площадки для местных товаров", "本地产品电子商务平台"},
       {"", "online marketplace", "mercados en línea de productos locales",
        "de places de marché en ligne pour les produits locaux", "онлайн-площадок для местных товаров",
        "本地产品电子商务平台"}},
      {{"C7-e-learning", "rural-elearning", {"4.1", "4.a"}, {7, 6}},
       {"التعلم الإلكتروني في المدارس الريفية", "e-learning in rural schools",
        "el aprendizaje en línea en escuelas rurales", "l'apprentissage en ligne dans les écoles rurales",
        "электронное обучение в сельских школах", "农村学校电子学习"},
       {"", "rural e-learning", "aprendizaje en línea en escuelas rurales",
        "d'apprentissage en ligne dans les écoles rurales", "электронного обучения в сельских школах",
        "农村学校电子学习"}},
      {{"C7-e-learning", "teacher-training", {"4.c", "4.4"}, {}},
       {"تدريب المعلمين عبر الإنترنت", "online teacher training", "la formación docente en línea",
        "la formation des enseignants en ligne", "дистанционное повышение квалификации учителей", "教师在线培训"},
       {"", "online teacher training", "formación docente en línea", "de formation des enseignants en ligne",
        "дистанционного повышения квалификации учителей", "教师在线培训"}},
      {{"C7-e-learning", "distance-learning", {"4.3", "4.4"}, {7, 14, 8}},
       {"التعليم عن بعد", "distance learning", "la educación a distancia", "l'enseignement à distance",
        "дистанционное обучение", "远程教育"},
       {"", "distance learning", "educación a distancia", "d'enseignement à distance", "дистанционного обучения",
        "远程教育"}},
      {{"C7-e-learning", "mobile-learning", {"4.4", "4.6"}, {1, 2, 3}},
       {"التعلم عبر الهاتف المحمول", "mobile learning", "el aprendizaje móvil", "l'apprentissage mobile",
        "мобильное обучение", "移动学习"},
       {"", "mobile learning", "aprendizaje móvil", "d'apprentissage mobile", "мобильного обучения", "移动学习"}},
      {{"C7-e-health", "telemedicine", {"3.8"}, {3, 12, 9}},
       {"الطب عن بعد", "telemedicine", "la telemedicina", "la télémédecine", "телемедицина", "远程医疗"},
       {"", "telemedicine", "telemedicina", "de télémédecine", "телемедицины", "远程医疗"}},
      {{"C7-e-health", "health-records", {"3.8", "3.d"}, {12}},
       {"السجلات الصحية الإلكترونية", "electronic health records", "la historia clínica electrónica",
        "le dossier médical électronique", "электронные медицинские карты", "电子健康档案"},
       {"", "electronic health record", "historia clínica electrónica", "de dossier médical électronique",
        "электронных медицинских карт", "电子健康档案"}},
      {{"C7-e-health", "maternal-health", {"3.1", "3.2"}, {12, 3}},
       {"الصحة المتنقلة للأمهات والمواليد", "maternal and newborn mobile health",
        "la salud móvil materna y neonatal", "la santé mobile maternelle et néonatale",
        "мобильное здравоохранение для матерей и новорождённых", "孕产妇和新生儿移动医疗"},
       {"", "maternal mobile health", "salud móvil materna y neonatal", "de santé mobile maternelle et néonatale",
        "мобильного здравоохранения для матерей и новорождённых", "孕产妇和新生儿移动医疗"}},
      {{"C7-e-health", "disease-surveillance", {"3.3", "3.d"}, {12}},
       {"الترصد الرقمي للأمراض", "digital disease surveillance", "la vigilancia epidemiológica digital",
        "la surveillance épidémiologique numérique", "цифровой эпидемиологический надзор", "数字化疾病监测"},
       {"", "disease surveillance", "vigilancia epidemiológica digital", "de surveillance épidémiologique numérique",
        "цифрового эпидемиологического надзора", "数字化疾病监测"}},
      {{"C7-e-employment", "job-matching", {"8.5", "8.6"}, {1, 8, 14}},
       {"المواءمة بين الوظائف والباحثين عنها عبر الإنترنت", "online job matching", "la intermediación laboral en línea",
        "l'intermédiation en ligne pour l'emploi", "онлайн-подбор вакансий", "在线就业匹配"},
       {"", "online job matching", "intermediación laboral en línea", "d'intermédiation en ligne pour l'emploi",
        "онлайн-подбора вакансий", "在线就业匹配"}},
      {{"C7-e-employment", "remote-work", {"8.5", "4.4"}, {1, 0, 8}},
       {"مهارات العمل عن بعد", "remote work skills", "las competencias para el trabajo a distancia",
        "les compétences pour le travail à distance", "навыки удалённой работы", "远程工作技能"},
       {"", "remote work skills", "competencias para el trabajo a distancia",
        "de compétences pour le travail à distance", "навыков удалённой работы", "远程工作技能"}},
      {{"C7-e-employment", "digital-jobs", {"8.6", "8.5"}, {1, 2}},
       {"الوظائف الرقمية", "digital jobs", "el empleo digital", "l'emploi numérique", "цифровая занятость", "数字就业"},
       {"", "digital jobs", "empleo digital", "d'emploi numérique", "цифровой занятости", "数字就业"}},
      {{"C7-e-environment", "early-warning", {"13.1", "11.5"}, {3, 4, 16}},
       {"الإنذار المبكر بالمخاطر المناخية", "climate early warning", "la alerta temprana ante riesgos climáticos",
        "l'alerte précoce aux risques climatiques", "раннее предупреждение о климатических рисках", "气候灾害预警"},
       {"", "climate early warning", "alerta temprana ante riesgos climáticos",
        "d'alerte précoce aux risques climatiques", "раннего предупреждения о климатических рисках", "气候灾害预警"}},
      {{"C7-e-environment", "e-waste", {"12.5", "11.6"}, {16, 5}},
       {"إدارة النفايات الإلكترونية", "e-waste management", "la gestión de residuos electrónicos",
        "la gestion des déchets électroniques", "утилизация электронных отходов", "电子废物管理"},
       {"", "e-waste management", "gestión de residuos electrónicos", "de gestion des déchets électroniques",
        "утилизации электронных отходов", "电子废物管理"}},
      {{"C7-e-environment", "smart-water", {"6.4", "6.1"}, {4, 16, 3}},
       {"الإدارة الذكية للمياه", "smart water management", "la gestión inteligente del agua",
        "la gestion intelligente de l'eau", "интеллектуальное управление водными ресурсами", "智慧水务管理"},
       {"", "smart water management", "gestión inteligente del agua", "de gestion intelligente de l'eau",
        "интеллектуального управления водными ресурсами", "智慧水务管理"}},
      {{"C7-e-environment", "green-ict", {"7.3", "13.2"}, {5}},
       {"تكنولوجيا المعلومات والاتصالات الموفرة للطاقة", "energy-efficient ICT",
        "las TIC de bajo consumo energético", "le numérique responsable", "энергоэффективные ИКТ",
        "绿色信息通信技术"},
       {"", "green ICT", "TIC de bajo consumo energético", "de numérique responsable", "энергоэффективных ИКТ",
        "绿色信息通信技术"}},
      {{"C7-e-agriculture", "market-information", {"2.3", "2.c"}, {4, 0}},
       {"معلومات الأسواق الزراعية", "agricultural market information", "la información de mercados agrícolas",
        "l'information sur les marchés agricoles", "информация о сельскохозяйственных рынках", "农产品市场信息"},
       {"", "market information", "información de mercados agrícolas", "d'information sur les marchés agricoles",
        "информации о сельскохозяйственных рынках", "农产品市场信息"}},
      {{"C7-e-agriculture", "smart-farming", {"2.4", "2.3"}, {4, 1}},
       {"الزراعة الذكية", "smart farming", "la agricultura inteligente", "l'agriculture intelligente",
        "умное сельское хозяйство", "智慧农业"},
       {"", "smart farming", "agricultura inteligente", "d'agriculture intelligente", "умного сельского хозяйства",
        "智慧农业"}},
      {{"C7-e-agriculture", "digital-extension", {"2.3", "2.a"}, {4, 0, 13}},
       {"الإرشاد الزراعي الرقمي", "digital agricultural extension", "la extensión agrícola digital",
        "le conseil agricole numérique", "цифровые сельскохозяйственные консультационные услуги", "数字化农技推广"},
       {"", "digital extension", "extensión agrícola digital", "de conseil agricole numérique",
        "цифровых сельскохозяйственных консультационных услуг", "数字化农技推广"}},
      {{"C7-e-science", "research-networks", {"9.5", "17.6"}, {17, 7}},
       {"شبكات البحث والتعليم", "research and education networks", "las redes de investigación y educación",
        "les réseaux de recherche et d'éducation", "научно-образовательные сети", "科研教育网络"},
       {"", "research and education network", "redes de investigación y educación",
        "de réseaux de recherche et d'éducation", "научно-образовательных сетей", "科研教育网络"}},
      {{"C7-e-science", "open-science", {"9.5", "17.6"}, {17}},
       {"العلم المفتوح", "open science", "la ciencia abierta", "la science ouverte", "открытая наука", "开放科学"},
       {"", "open science", "ciencia abierta", "de science ouverte", "открытой науки", "开放科学"}},
      {{"C8", "cultural-heritage", {"11.4"}, {13, 17}},
       {"رقمنة التراث الثقافي", "digitisation of cultural heritage", "la digitalización del patrimonio cultural",
        "la numérisation du patrimoine culturel", "оцифровка культурного наследия", "文化遗产数字化"},
       {"", "cultural heritage digitisation", "digitalización del patrimonio cultural",
        "de numérisation du patrimoine culturel", "оцифровки культурного наследия", "文化遗产数字化"}},
      {{"C8", "indigenous-languages", {"4.7", "10.2"}, {13, 15}},
       {"المحتوى المحلي بلغات الشعوب الأصلية", "local content in indigenous languages",
        "los contenidos locales en lenguas indígenas", "les contenus locaux en langues autochtones",
        "местный контент на языках коренных народов", "土著语言本地内容"},
       {"", "indigenous language content", "contenidos locales en lenguas indígenas",
        "de contenus locaux en langues autochtones", "местного контента на языках коренных народов",
        "土著语言本地内容"}},
      {{"C8", "multilingual-domains", {"9.c", "10.2"}, {}},
       {"أسماء النطاقات متعددة اللغات", "multilingual domain names", "los nombres de dominio multilingües",
        "les noms de domaine multilingues", "многоязычные доменные имена", "多语种域名"},
       {"", "multilingual domain name", "nombres de dominio multilingües", "de noms de domaine multilingues",
        "многоязычных доменных имён", "多语种域名"}},
      {{"C9", "community-radio", {"16.10"}, {3, 11, 0}},
       {"الإذاعة المجتمعية", "community radio", "la radio comunitaria", "la radio communautaire",
        "местное общественное радио", "社区广播"},
       {"", "community radio", "radio comunitaria", "de radio communautaire", "местного общественного радио", "社区广播"}},
      {{"C9", "media-literacy", {"16.10", "4.7"}, {1, 6, 7}},
       {"التربية الإعلامية والمعلوماتية", "media and information literacy", "la alfabetización mediática e informacional",
        "l'éducation aux médias et à l'information", "медийная и информационная грамотность", "媒体与信息素养"},
       {"", "media literacy", "alfabetización mediática e informacional", "d'éducation aux médias et à l'information",
        "медийной и информационной грамотности", "媒体与信息素养"}},
      {{"C9", "digital-journalism", {"16.10"}, {11}},
       {"الصحافة الرقمية", "digital journalism", "el periodismo digital", "le journalisme numérique",
        "цифровая журналистика", "数字新闻"},
       {"", "digital journalism", "periodismo digital", "de journalisme numérique", "цифровой журналистики", "数字新闻"}},
      {{"C10", "ai-ethics", {"16.b", "10.2"}, {17, 10}},
       {"أخلاقيات الذكاء الاصطناعي", "ethics of artificial intelligence", "la ética de la inteligencia artificial",
        "l'éthique de l'intelligence artificielle", "этика искусственного интеллекта", "人工智能伦理"},
       {"", "AI ethics", "ética de la inteligencia artificial", "d'éthique de l'intelligence artificielle",
        "этики искусственного интеллекта", "人工智能伦理"}},
      {{"C10", "responsible-data", {"16.10"}, {17, 5}},
       {"الاستخدام المسؤول للبيانات", "responsible use of data", "el uso responsable de los datos",
        "l'usage responsable des données", "ответственное использование данных", "负责任的数据使用"},
       {"", "responsible data", "uso responsable de los datos", "d'usage responsable des données",
        "ответственного использования данных", "负责任的数据使用"}},
      {{"C11", "regional-cooperation", {"17.6", "17.16"}, {10, 16}},
       {"التعاون الإقليمي في المجال الرقمي", "regional digital cooperation", "la cooperación digital regional",
        "la coopération numérique régionale", "региональное сотрудничество в цифровой сфере", "区域数字合作"},
       {"", "regional digital cooperation", "cooperación digital regional", "de coopération numérique régionale",
        "регионального сотрудничества в цифровой сфере", "区域数字合作"}},
      {{"C11", "south-south", {"17.9", "17.6"}, {10}},
       {"تبادل الخبرات بين بلدان الجنوب", "South-South exchange of expertise", "el intercambio de experiencias Sur-Sur",
        "l'échange d'expertise Sud-Sud", "обмен опытом по линии Юг — Юг", "南南专业知识交流"},
       {"", "South-South expertise exchange", "intercambio de experiencias Sur-Sur", "d'échange d'expertise Sud-Sud",
        "обмена опытом по линии Юг — Юг", "南南专业知识交流"}},
      {{"C11", "connectivity-partnerships", {"17.17", "9.c"}, {3, 16}},
       {"الشراكات بين القطاعين العام والخاص من أجل التوصيل", "public-private connectivity partnerships",
        "las alianzas público-privadas para la conectividad", "les partenariats public-privé pour la connectivité",
        "государственно-частное партнёрство в сфере связи", "互联互通公私伙伴关系"},
       {"", "connectivity partnership", "alianzas público-privadas para la conectividad",
        "de partenariats public-privé pour la connectivité", "государственно-частного партнёрства в сфере связи",
        "互联互通公私伙伴关系"}},
  };
  return kTopics;
}

// ---- kinds of project ------------------------------------------------------------------------

struct Kind {
  std::string_view en_adj, en_noun, en_prep;  // "National" "programme" "on"
  std::string_view es_head;                   // followed by the bare topic, or by the topic with its article
  bool es_article;
  std::string_view es_def;                    // "el programa"
  std::string_view fr_head;                   // followed by "de ..." or, with fr_article, by "la ..."
  bool fr_article;
  std::string_view fr_this;                   // "ce programme"
  std::string_view ru_head, ru_nom, ru_gen;   // "Национальная программа" + genitive; "Программа"; "программы"
  std::string_view ar_head;                   // followed by the definite topic ("li-" when ar_li)
  bool ar_li;
  std::string_view ar_def;                    // "البرنامج الوطني"
  bool ar_feminine;
  std::string_view zh_noun, zh_short;         // "国家计划"; "计划"
};

// Three per entry type, in kEntryTypes order: project programme training conference website
// guideline toolkit.
const std::array<Kind, 21>& kinds() {
  static const std::array<Kind, 21> kKinds = {{
      {"", "project", "on", "Proyecto de", false, "el proyecto", "Projet", false, "ce projet", "Проект по развитию",
       "Проект", "проекта", "مشروع", false, "المشروع", false, "项目", "项目"},
      {"pilot", "project", "on", "Proyecto piloto de", false, "el proyecto piloto", "Projet pilote", false,
       "ce projet pilote", "Пилотный проект в области", "Пилотный проект", "пилотного проекта", "مشروع تجريبي", true,
       "المشروع التجريبي", false, "试点项目", "项目"},
      {"", "initiative", "on", "Iniciativa para", true, "la iniciativa", "Initiative pour", true, "cette initiative",
       "Инициатива по развитию", "Инициатива", "инициативы", "مبادرة", false, "المبادرة", true, "倡议", "倡议"},
      {"national", "programme", "on", "Programa nacional de", false, "el programa nacional", "Programme national", false,
       "ce programme national", "Национальная программа", "Программа", "программы", "برنامج وطني", true,
       "البرنامج الوطني", false, "国家计划", "计划"},
      {"", "support programme", "for", "Programa de apoyo a", true, "el programa de apoyo", "Programme d'appui à", true,
       "ce programme d'appui", "Программа поддержки", "Программа", "программы", "برنامج دعم", false, "برنامج الدعم",
       false, "支持计划", "计划"},
      {"multi-year", "programme", "on", "Programa plurianual de", false, "el programa plurianual",
       "Programme pluriannuel", false, "ce programme pluriannuel", "Многолетняя программа", "Программа", "программы",
       "برنامج متعدد السنوات", true, "البرنامج", false, "多年期计划", "计划"},
      {"", "training course", "on", "Curso de formación en", false, "el curso de formación", "Cycle de formation sur",
       true, "ce cycle de formation", "Учебный курс в области", "Учебный курс", "учебного курса", "دورة تدريبية حول",
       false, "الدورة التدريبية", true, "培训课程", "课程"},
      {"", "workshop series", "on", "Ciclo de talleres sobre", true, "el ciclo de talleres", "Cycle d'ateliers sur", true,
       "ce cycle d'ateliers", "Серия семинаров по вопросам", "Серия семинаров", "серии семинаров",
       "سلسلة ورش عمل حول", false, "سلسلة ورش العمل", true, "系列讲习班", "讲习班"},
      {"online", "course", "on", "Curso en línea de", false, "el curso en línea", "Cours en ligne", false,
       "ce cours en ligne", "Онлайн-курс в области", "Онлайн-курс", "онлайн-курса", "دورة إلكترونية حول", false,
       "الدورة الإلكترونية", true, "在线课程", "课程"},
      {"regional", "forum", "on", "Foro regional sobre", true, "el foro regional", "Forum régional sur", true,
       "ce forum régional", "Региональный форум по вопросам", "Форум", "форума", "منتدى إقليمي حول", false,
       "المنتدى الإقليمي", false, "区域论坛", "论坛"},
      {"national", "conference", "on", "Conferencia nacional sobre", true, "la conferencia nacional",
       "Conférence nationale sur", true, "cette conférence nationale", "Национальная конференция по вопросам",
       "Конференция", "конференции", "مؤتمر وطني حول", false, "المؤتمر الوطني", false, "全国会议", "会议"},
      {"", "summit", "on", "Cumbre sobre", true, "la cumbre", "Sommet sur", true, "ce sommet", "Саммит по вопросам",
       "Саммит", "саммита", "قمة بشأن", false, "القمة", true, "峰会", "峰会"},
      {"online", "platform", "for", "Plataforma en línea de", false, "la plataforma en línea", "Plateforme en ligne",
       false, "cette plateforme en ligne", "Онлайн-платформа", "Платформа", "платформы", "منصة إلكترونية", true,
       "المنصة الإلكترونية", true, "在线平台", "平台"},
      {"", "web portal", "for", "Portal de", false, "el portal", "Portail", false, "ce portail", "Портал", "Портал",
       "портала", "بوابة", false, "البوابة", true, "门户网站", "网站"},
      {"mobile", "app", "for", "Aplicación móvil de", false, "la aplicación móvil", "Application mobile", false,
       "cette application mobile", "Мобильное приложение в области", "Приложение", "приложения", "تطبيق جوال", true,
       "التطبيق", false, "移动应用", "应用"},
      {"practical", "guide", "on", "Guía práctica sobre", true, "la guía práctica", "Guide pratique sur", true,
       "ce guide pratique", "Практическое руководство по вопросам", "Руководство", "руководства", "دليل عملي بشأن",
       false, "الدليل العملي", false, "实用指南", "指南"},
      {"", "policy framework", "for", "Marco de políticas para", true, "el marco de políticas", "Cadre stratégique pour",
       true, "ce cadre stratégique", "Концепция развития", "Концепция", "концепции", "إطار سياسات", true,
       "إطار السياسات", false, "政策框架", "框架"},
      {"", "handbook", "on", "Manual de", false, "el manual", "Manuel", false, "ce manuel", "Справочник по вопросам",
       "Справочник", "справочника", "كتيب حول", false, "الكتيب", false, "手册", "手册"},
      {"", "toolkit", "for", "Caja de herramientas para", true, "la caja de herramientas", "Boîte à outils pour", true,
       "cette boîte à outils", "Набор инструментов в области", "Набор инструментов", "набора инструментов",
       "مجموعة أدوات", true, "مجموعة الأدوات", true, "工具包", "工具包"},
      {"open-source", "toolkit", "for", "Conjunto de herramientas de código abierto para", true,
       "el conjunto de herramientas", "Suite d'outils libres pour", true, "cette suite d'outils",
       "Комплект открытых инструментов в области", "Комплект", "комплекта", "أدوات مفتوحة المصدر", true, "الأدوات",
       true, "开源工具包", "工具包"},
      {"", "assessment tool", "for", "Herramienta de evaluación de", false, "la herramienta de evaluación",
       "Outil d'évaluation", false, "cet outil d'évaluation", "Инструмент оценки", "Инструмент", "инструмента",
       "أداة تقييم", false, "أداة التقييم", true, "评估工具", "工具"},
  }};
  return kKinds;
}

// ---- beneficiaries ---------------------------------------------------------------------------

struct Beneficiary {
  std::string_view en, es, es_article, fr, ru_gen, ru_nom, ar, zh, zh_measure, target;
  bool people;
};

const std::array<Beneficiary, 18>& beneficiaries() {
  static const std::array<Beneficiary, 18> kBeneficiaries = {{
      {"women entrepreneurs", "mujeres emprendedoras", "las", "femmes entrepreneures", "женщин-предпринимателей",
       "женщины-предприниматели", "رائدات الأعمال", "女性创业者", "名", "5.b", true},
      {"young people", "jóvenes", "los", "jeunes", "молодых людей", "молодые люди", "الشباب", "青年", "名", "", true},
      {"girls and young women", "niñas y mujeres jóvenes", "las", "filles et jeunes femmes", "девочек и молодых женщин",
       "девочки и молодые женщины", "الفتيات والشابات", "女童和年轻女性", "名", "5.b", true},
      {"rural communities", "comunidades rurales", "las", "communautés rurales", "сельских общин", "сельские общины",
       "المجتمعات الريفية", "农村社区", "个", "", false},
      {"small-scale farmers", "pequeños agricultores", "los", "petits exploitants agricoles", "мелких фермеров",
       "мелкие фермеры", "صغار المزارعين", "小农户", "户", "2.3", true},
      {"small and medium-sized enterprises", "pequeñas y medianas empresas", "las", "petites et moyennes entreprises",
       "малых и средних предприятий", "малые и средние предприятия", "المؤسسات الصغيرة والمتوسطة", "中小企业", "家",
       "8.3", false},
      {"teachers", "docentes", "los", "enseignants", "учителей", "учителя", "المعلمين", "教师", "名", "", true},
      {"students", "estudiantes", "los", "étudiants", "студентов", "студенты", "الطلاب", "学生", "名", "", true},
      {"persons with disabilities", "personas con discapacidad", "las", "personnes handicapées", "людей с инвалидностью",
       "люди с инвалидностью", "الأشخاص ذوي الإعاقة", "残疾人", "名", "10.2", true},
      {"older persons", "personas mayores", "las", "personnes âgées", "пожилых людей", "пожилые люди", "كبار السن",
       "老年人", "名", "", true},
      {"public servants", "funcionarios públicos", "los", "agents publics", "государственных служащих",
       "государственные служащие", "موظفي القطاع العام", "公务员", "名", "", true},
      {"journalists", "periodistas", "los", "journalistes", "журналистов", "журналисты", "الصحفيين", "记者", "名", "",
       true},
      {"health workers", "trabajadores sanitarios", "los", "agents de santé", "медицинских работников",
       "медицинские работники", "العاملين في مجال الصحة", "卫生工作者", "名", "", true},
      {"indigenous communities", "comunidades indígenas", "las", "communautés autochtones", "общин коренных народов",
       "общины коренных народов", "مجتمعات الشعوب الأصلية", "土著社区", "个", "10.2", false},
      {"refugees and displaced persons", "personas refugiadas y desplazadas", "las", "réfugiés et personnes déplacées",
       "беженцев и перемещённых лиц", "беженцы и перемещённые лица", "اللاجئين والنازحين", "难民和流离失所者", "名",
       "10.7", true},
      {"schools", "escuelas", "las", "écoles", "школ", "школы", "المدارس", "学校", "所", "", false},
      {"local authorities", "autoridades locales", "las", "collectivités locales", "органов местного самоуправления",
       "органы местного самоуправления", "السلطات المحلية", "地方当局", "个", "", false},
      {"researchers", "investigadores", "los", "chercheurs", "исследователей", "исследователи", "الباحثين", "研究人员",
       "名", "", true},
  }};
  return kBeneficiaries;
}

// ---- partners and activities ------------------------------------------------------------------
// Partners in running text (en, es, fr with their article; ru nominative).
const std::array<Six, 16>& partners() {
  static const std::array<Six, 16> kPartners = {{
      {"وزارة التربية والتعليم", "the Ministry of Education", "el Ministerio de Educación", "le ministère de l'Éducation",
       "министерство образования", "教育部"},
      {"وزارة الصحة", "the Ministry of Health", "el Ministerio de Salud", "le ministère de la Santé",
       "министерство здравоохранения", "卫生部"},
      {"الهيئة الوطنية لتنظيم الاتصالات", "the national telecommunication regulator",
       "el ente regulador de las telecomunicaciones", "l'autorité de régulation des télécommunications",
       "национальный регулятор связи", "国家电信监管机构"},
      {"مشغلي شبكات الهاتف المحمول", "mobile network operators", "los operadores de telefonía móvil",
       "les opérateurs de téléphonie mobile", "операторы мобильной связи", "移动网络运营商"},
      {"الجامعات المحلية", "local universities", "las universidades locales", "les universités locales",
       "местные университеты", "当地大学"},
      {"البلديات", "municipal governments", "los gobiernos municipales", "les communes", "муниципалитеты", "市政府"},
      {"التعاونيات النسائية", "women's cooperatives", "las cooperativas de mujeres", "les coopératives de femmes",
       "женские кооперативы", "妇女合作社"},
      {"المكتبة الوطنية", "the national library", "la Biblioteca Nacional", "la Bibliothèque nationale",
       "национальная библиотека", "国家图书馆"},
      {"غرفة التجارة والصناعة", "the chamber of commerce", "la cámara de comercio", "la chambre de commerce",
       "торгово-промышленная палата", "商会"},
      {"شركاء التنمية", "development partners", "los socios para el desarrollo", "les partenaires au développement",
       "партнёры по развитию", "发展伙伴"},
      {"الإذاعات المجتمعية", "community radio stations", "las radios comunitarias", "les radios communautaires",
       "местные радиостанции", "社区广播电台"},
      {"الشبكة الوطنية للبحث والتعليم", "the national research and education network",
       "la red nacional de investigación y educación", "le réseau national de recherche et d'éducation",
       "национальная научно-образовательная сеть", "国家科研教育网"},
      {"منظمات الشباب", "youth organisations", "las organizaciones juveniles", "les organisations de jeunesse",
       "молодёжные организации", "青年组织"},
      {"الجهاز الوطني للإحصاء", "the national statistics office", "el instituto nacional de estadística",
       "l'institut national de la statistique", "национальная статистическая служба", "国家统计局"},
      {"جمعيات المزارعين", "farmers' associations", "las asociaciones de agricultores",
       "les organisations de producteurs", "ассоциации фермеров", "农民协会"},
      {"شركات القطاع الخاص", "private companies", "las empresas del sector privado", "les entreprises du secteur privé",
       "компании частного сектора", "私营企业"},
  }};
  return kPartners;
}

// Bullet items, ready to be listed.
const std::array<Six, 10>& activities() {
  static const std::array<Six, 10> kActivities = {{
      {"تنظيم دورات تدريبية في المجتمعات المحلية", "Training sessions in local communities",
       "Sesiones de formación en las comunidades locales", "Sessions de formation dans les communautés locales",
       "Обучающие занятия в местных сообществах", "在地方社区开展培训"},
      {"إنشاء مكتب للمساعدة وموارد للتعلم الذاتي على الإنترنت", "A helpdesk and online self-learning resources",
       "Un servicio de asistencia y recursos de autoaprendizaje en línea",
       "Service d'assistance et ressources d'autoformation en ligne",
       "Служба поддержки и материалы для самостоятельного обучения", "设立服务台并提供在线自学资源"},
      {"إقامة شراكات مع السلطات المحلية", "Partnerships with local authorities",
       "Alianzas con las autoridades locales", "Partenariats avec les collectivités locales",
       "Партнёрство с органами местной власти", "与地方当局建立伙伴关系"},
      {"حملات توعية عبر الإذاعة ووسائل التواصل الاجتماعي", "Awareness campaigns on radio and social media",
       "Campañas de sensibilización en radio y redes sociales",
       "Campagnes de sensibilisation à la radio et sur les réseaux sociaux",
       "Информационные кампании на радио и в социальных сетях", "通过广播和社交媒体开展宣传"},
      {"تطوير أدوات مفتوحة المصدر يمكن للبلدان الأخرى إعادة استخدامها", "Open-source tools that other countries can reuse",
       "Herramientas de código abierto que otros países pueden reutilizar",
       "Outils libres réutilisables par d'autres pays", "Инструменты с открытым кодом, которые могут использовать другие страны",
       "开发可供其他国家复用的开源工具"},
      {"تكوين شبكة من المدربين المحليين", "A network of local trainers", "Una red de formadores locales",
       "Réseau de formateurs locaux", "Сеть местных тренеров", "建立本地培训师网络"},
      {"رصد النتائج وتقييمها مع بيانات مصنفة حسب الجنس والعمر",
       "Monitoring and evaluation, with data broken down by sex and age",
       "Seguimiento y evaluación, con datos desglosados por sexo y edad",
       "Suivi et évaluation, avec des données ventilées par sexe et par âge",
       "Мониторинг и оценка с разбивкой данных по полу и возрасту", "监测与评估，数据按性别和年龄分列"},
      {"إعداد محتوى باللغات المحلية", "Content in local languages", "Contenidos en idiomas locales",
       "Contenus en langues locales", "Материалы на местных языках", "制作本地语言内容"},
      {"تجهيز نقاط النفاذ المجتمعية", "Equipment for community access points",
       "Equipamiento para puntos de acceso comunitarios", "Équipement de points d'accès communautaires",
       "Оснащение общественных пунктов доступа", "为社区接入点配备设备"},
      {"حوار بشأن السياسات مع الحكومة والقطاع الخاص", "Policy dialogue with government and industry",
       "Diálogo sobre políticas con el gobierno y la industria",
       "Dialogue avec les pouvoirs publics et le secteur privé", "Диалог с государственными органами и отраслью",
       "与政府和业界开展政策对话"},
  }};
  return kActivities;
}

// ---- places --------------------------------------------------------------------------------

constexpr std::array<std::string_view, 6> kRegionCodes = {"africa", "americas", "arab-states", "asia-pacific", "cis",
                                                          "europe"};
std::size_t region_index(std::string_view code) {
  for (std::size_t i = 0; i < kRegionCodes.size(); ++i)
    if (kRegionCodes[i] == code) return i;
  return 0;
}
// "in Africa" per language (ru has no preposition: it names the region in a sentence of its own).
const std::array<Six, 6> kRegionIn = {{
    {"في أفريقيا", "in Africa", "en África", "en Afrique", "Африка", "在非洲"},
    {"في الأمريكتين", "in the Americas", "en las Américas", "dans les Amériques", "Северная и Южная Америка", "在美洲"},
    {"في الدول العربية", "in the Arab States", "en los Estados Árabes", "dans les États arabes", "Арабские государства",
     "在阿拉伯国家"},
    {"في منطقة آسيا والمحيط الهادئ", "in Asia and the Pacific", "en Asia y el Pacífico", "en Asie-Pacifique",
     "Азиатско-Тихоокеанский регион", "在亚太地区"},
    {"في منطقة كومنولث الدول المستقلة", "in the CIS region", "en la región de la CEI", "dans la région de la CEI", "СНГ",
     "在独联体地区"},
    {"في أوروبا", "in Europe", "en Europa", "en Europe", "Европа", "在欧洲"},
}};
const std::array<Six, 6> kRegionName = {{
    {"أفريقيا", "Africa", "África", "Afrique", "Африка", "非洲"},
    {"الأمريكتان", "Americas", "Américas", "Amériques", "Северная и Южная Америка", "美洲"},
    {"الدول العربية", "Arab States", "Estados Árabes", "États arabes", "Арабские государства", "阿拉伯国家"},
    {"آسيا والمحيط الهادئ", "Asia-Pacific", "Asia-Pacífico", "Asie-Pacifique", "Азиатско-Тихоокеанский регион", "亚太地区"},
    {"كومنولث الدول المستقلة", "CIS region", "Región de la CEI", "Région de la CEI", "СНГ", "独联体地区"},
    {"أوروبا", "Europe", "Europa", "Europe", "Европа", "欧洲"},
}};
const Six kGlobalIn = {"على الصعيد العالمي", "worldwide", "a escala mundial", "dans le monde entier", "", "在全球范围内"};
const Six kSeveralIn = {"في عدة بلدان", "in several countries", "en varios países", "dans plusieurs pays", "",
                        "在多个国家"};

// English names that take "the": "in the Philippines", "in the United Republic of Tanzania".
bool english_takes_the(std::string_view name) {
  static constexpr std::string_view kFirstWords[] = {
      "United", "Republic", "Democratic", "Russian", "Central", "Dominican", "Syrian",  "Lao", "Holy", "State",
      "Netherlands", "Philippines", "Bahamas", "Gambia", "Maldives", "Comoros", "Congo", "Marshall", "Solomon"};
  auto first = name.substr(0, name.find_first_of(" ("));
  return std::find(std::begin(kFirstWords), std::end(kFirstWords), first) != std::end(kFirstWords);
}

// French country names: gender and article decide "au Sénégal", "en Tunisie", "aux Comores",
// "à Cuba", "à la Barbade"; "du Sénégal", "de la Tunisie"...
enum class FrClass { feminine, masculine, plural, bare, feminine_island, state };
FrClass french_class(const reference::Country& country) {
  static const std::map<std::string_view, FrClass> kExceptions = {
      {"MEX", FrClass::masculine}, {"KHM", FrClass::masculine}, {"MOZ", FrClass::masculine},
      {"ZWE", FrClass::masculine}, {"BLZ", FrClass::masculine}, {"SUR", FrClass::masculine},
      {"GBR", FrClass::masculine}, {"SLE", FrClass::feminine},  {"ARE", FrClass::plural},
      {"USA", FrClass::plural},    {"NLD", FrClass::plural},    {"PHL", FrClass::plural},
      {"COM", FrClass::plural},    {"MDV", FrClass::plural},    {"SYC", FrClass::plural},
      {"BHS", FrClass::plural},    {"MHL", FrClass::plural},    {"SLB", FrClass::plural},
      {"FJI", FrClass::plural},    {"TON", FrClass::plural},    {"PLW", FrClass::plural},
      {"CUB", FrClass::bare},      {"CYP", FrClass::bare},      {"MDG", FrClass::bare},
      {"MUS", FrClass::bare},      {"MLT", FrClass::bare},      {"SGP", FrClass::bare},
      {"MCO", FrClass::bare},      {"BHR", FrClass::bare},      {"LKA", FrClass::bare},
      {"HTI", FrClass::bare},      {"NRU", FrClass::bare},      {"TUV", FrClass::bare},
      {"KIR", FrClass::bare},      {"WSM", FrClass::bare},      {"STP", FrClass::bare},
      {"ATG", FrClass::bare},      {"KNA", FrClass::bare},      {"LCA", FrClass::bare},
      {"VCT", FrClass::bare},      {"SMR", FrClass::bare},      {"TTO", FrClass::bare},
      {"DJI", FrClass::bare},      {"ISR", FrClass::bare},      {"OMN", FrClass::bare},
      {"SLV", FrClass::bare},      {"GRD", FrClass::feminine_island}, {"BRB", FrClass::feminine_island},
      {"DMA", FrClass::feminine_island}, {"PSE", FrClass::state},
  };
  if (auto it = kExceptions.find(country.iso3); it != kExceptions.end()) return it->second;
  const std::string& name = country.name[kFr];
  auto head = std::string_view(name).substr(0, std::string_view(name).find_first_of(" (-"));
  return !head.empty() && head.back() == 'e' ? FrClass::feminine : FrClass::masculine;
}

bool french_vowel_start(std::string_view name, bool h_too) {
  static constexpr std::string_view kVowels[] = {"A", "E", "I", "O", "U", "É", "È", "Ê", "Î", "Ô", "Â"};
  for (auto v : kVowels)
    if (starts_with(name, v)) return true;
  return h_too && starts_with(name, "H");
}

std::string french_in(const reference::Country& country) {
  const std::string& name = country.name[kFr];
  switch (french_class(country)) {
    case FrClass::feminine: return "en " + name;
    case FrClass::masculine: return (french_vowel_start(name, false) ? "en " : "au ") + name;
    case FrClass::plural: return "aux " + name;
    case FrClass::bare: return (french_vowel_start(name, true) ? "en " : "à ") + name;
    case FrClass::feminine_island: return "à la " + name;
    case FrClass::state: return "dans l'" + name;
  }
  return "en " + name;
}

std::string french_of(const reference::Country& country) {
  const std::string& name = country.name[kFr];
  bool vowel = french_vowel_start(name, false);
  switch (french_class(country)) {
    case FrClass::feminine: return (vowel ? "de l'" : "de la ") + name;
    case FrClass::masculine: return (vowel ? "de l'" : "du ") + name;
    case FrClass::plural: return "des " + name;
    case FrClass::bare: return (french_vowel_start(name, true) ? "d'" : "de ") + name;
    case FrClass::feminine_island: return "de la " + name;
    case FrClass::state: return "de l'" + name;
  }
  return "de " + name;
}

std::string english_name(const reference::Country& country) {
  const std::string& name = country.name[kEn];
  return english_takes_the(name) ? "the " + name : name;
}

// The place with its preposition, in running text ("in Kenya", "au Sénégal", "在肯尼亚").
std::string place_in(const Place& place, Lang lang) {
  switch (place.kind) {
    case Place::in_country: {
      const auto& c = *place.country;
      switch (lang) {
        case kAr: return "في " + c.name[kAr];
        case kEn: return "in " + english_name(c);
        case kEs: return (starts_with(c.name[kEs], "República") ? "en la " : "en ") + c.name[kEs];
        case kFr: return french_in(c);
        case kRu: return c.name[kRu];
        case kZh: return "在" + c.name[kZh];
      }
      break;
    }
    case Place::in_region: return std::string(kRegionIn[region_index(place.region)][lang]);
    case Place::in_several: return std::string(kSeveralIn[lang]);
    case Place::worldwide: return std::string(kGlobalIn[lang]);
  }
  return {};
}

// The place alone, for titles ("Kenya", "Afrique"); empty for several countries or global.
std::string place_bare(const Place& place, Lang lang) {
  switch (place.kind) {
    case Place::in_country: return place.country->name[lang];
    case Place::in_region: return std::string(kRegionName[region_index(place.region)][lang]);
    default: return {};
  }
}

// Russian names the place in a sentence of its own: "Страна реализации: Казахстан."
std::string russian_place_sentence(const Place& place) {
  switch (place.kind) {
    case Place::in_country: return "Страна реализации: " + place.country->name[kRu] + ".";
    case Place::in_region: return "Регион реализации: " + std::string(kRegionIn[region_index(place.region)][kRu]) + ".";
    case Place::in_several: {
      std::string list;
      for (const auto* c : place.countries) list += (list.empty() ? "" : ", ") + c->name[kRu];
      return "Страны реализации: " + list + ".";
    }
    case Place::worldwide: return "Проект носит глобальный характер.";
  }
  return {};
}

// ---- pieces of a idea in one language -----------------------------------------------------

const Topic& topic_of(const Concept& c) { return topics()[c.topic]; }
const Kind& kind_of(const Concept& c) { return kinds()[c.kind]; }
const Beneficiary* beneficiary_of(const Concept& c) {
  return c.beneficiary >= 0 ? &beneficiaries()[static_cast<std::size_t>(c.beneficiary)] : nullptr;
}

std::string en_kind(const Kind& k) { return k.en_adj.empty() ? std::string(k.en_noun) : std::string(k.en_adj) + " " + std::string(k.en_noun); }

// The kind followed by its topic, as a title starts: "Programme national de télémédecine".
std::string headed_topic(const Concept& c, Lang lang) {
  const Topic& t = topic_of(c);
  const Kind& k = kind_of(c);
  switch (lang) {
    case kAr: return std::string(k.ar_head) + (k.ar_li ? " " + ar_li(t.name[kAr]) : " " + std::string(t.name[kAr]));
    case kEn: return cap(en_kind(k)) + " " + std::string(k.en_prep) + " " + std::string(t.name[kEn]);
    case kEs: return k.es_article ? es_join(k.es_head, t.name[kEs]) : std::string(k.es_head) + " " + std::string(t.comp[kEs]);
    case kFr: return k.fr_article ? fr_join(k.fr_head, t.name[kFr]) : std::string(k.fr_head) + " " + std::string(t.comp[kFr]);
    case kRu: return std::string(k.ru_head) + " " + std::string(t.comp[kRu]);
    case kZh: return std::string(t.name[kZh]) + std::string(k.zh_noun);
  }
  return {};
}

std::string goal_short(int goal, Lang lang) {
  const auto* g = reference::ReferenceData::instance().goal(goal);
  return g ? g->short_title[lang] : std::string{};
}

// Sub-lines are named by their parent's code: "Action Line C7 (E-health)".
std::string line_code(const std::string& code) { return code.substr(0, code.find('-')); }
std::string line_short(const std::string& code, Lang lang) {
  const auto* line = reference::ReferenceData::instance().action_line(code);
  return line ? line->short_title[lang] : std::string{};
}

std::string reached_en(const Concept& c, const Beneficiary* b) {
  return format_number(c.reached, kEn) + " " + (b ? std::string(b->en) : "people");
}

}  // namespace

// ---- public lookups ------------------------------------------------------------------------

std::size_t topic_count() { return topics().size(); }
const TopicInfo& topic_info(std::size_t topic) { return topics()[topic].info; }

const std::vector<std::size_t>& topics_of_line(std::string_view action_line) {
  static const std::map<std::string_view, std::vector<std::size_t>> kByLine = [] {
    std::map<std::string_view, std::vector<std::size_t>> by_line;
    for (std::size_t i = 0; i < topics().size(); ++i) by_line[topics()[i].info.action_line].push_back(i);
    return by_line;
  }();
  static const std::vector<std::size_t> kNone;
  auto it = kByLine.find(action_line);
  return it == kByLine.end() ? kNone : it->second;
}

std::size_t beneficiary_count() { return beneficiaries().size(); }
std::string_view beneficiary_key(int beneficiary) { return beneficiaries().at(static_cast<std::size_t>(beneficiary)).en; }
std::string_view beneficiary_target(int b) { return beneficiaries()[static_cast<std::size_t>(b)].target; }
bool beneficiary_is_people(int b) { return beneficiaries()[static_cast<std::size_t>(b)].people; }
std::size_t partner_count() { return partners().size(); }
std::size_t activity_count() { return activities().size(); }

int usual_partner(std::string_view line) {
  if (line == "C7-e-health") return 1;
  if (line == "C7-e-learning" || line == "C4") return 0;
  if (line == "C7-e-agriculture") return 14;
  if (line == "C9" || line == "C8") return 10;
  if (line == "C7-e-science") return 11;
  if (line == "C2" || line == "C6") return 2;
  if (line == "C7-e-business") return 8;
  if (line == "C3") return 7;
  return -1;
}

const std::string& country_name(const reference::Country& country, Lang lang) { return country.name[lang]; }

// ---- titles ----------------------------------------------------------------------------------

namespace {

std::string title_variant(const Concept& c, Lang lang, unsigned variant) {
  const Topic& t = topic_of(c);
  const Kind& k = kind_of(c);
  const Beneficiary* b = beneficiary_of(c);
  const std::string in = place_in(c.place, lang);
  const std::string bare = place_bare(c.place, lang);
  // A title that would start with the place needs one.
  if (variant == 2 && bare.empty()) variant = 0;
  switch (lang) {
    case kEn: {
      std::string topic_kind = k.en_adj.empty() ? cap(t.comp[kEn]) + " " + std::string(k.en_noun)
                                                : cap(k.en_adj) + " " + std::string(t.comp[kEn]) + " " + std::string(k.en_noun);
      if (variant == 0) return topic_kind + (b ? " for " + std::string(b->en) : "") + " " + in;
      if (variant == 1) return headed_topic(c, kEn) + " " + in;
      return bare + ": " + (b ? std::string(t.name[kEn]) + " for " + std::string(b->en) : case_first(headed_topic(c, kEn), false));
    }
    case kEs: {
      std::string head = headed_topic(c, kEs);
      // "para ... para" reads badly: a head that has "para" names the people otherwise.
      std::string for_b = b ? (head.find(" para ") != std::string::npos ? " en beneficio de " : " para ") +
                                  std::string(b->es_article) + " " + std::string(b->es)
                            : "";
      if (variant == 0) return head + for_b + " " + in;
      if (variant == 1) return head + " " + in;
      return bare + ": " + case_first(head, false) + for_b;
    }
    case kFr: {
      std::string head = headed_topic(c, kFr);
      std::string for_b = b ? (head.find(" pour ") != std::string::npos ? " à l'intention des " : " pour les ") +
                                  std::string(b->fr)
                            : "";
      if (variant == 0) return head + for_b + (bare.empty() ? "" : " (" + bare + ")");
      if (variant == 1) return head + " " + in;
      return bare + " : " + case_first(head, false) + for_b;
    }
    case kRu: {
      std::string head = headed_topic(c, kRu);
      std::string for_b = b ? " для " + std::string(b->ru_gen) : "";
      if (variant == 0) return head + for_b + (bare.empty() ? "" : " (" + bare + ")");
      if (variant == 1) return bare.empty() ? head + for_b : bare + ": " + case_first(head, false);
      return bare + ": " + case_first(head, false) + for_b;
    }
    case kAr: {
      std::string head = headed_topic(c, kAr);
      std::string for_b = b ? " لفائدة " + std::string(b->ar) : "";
      if (variant == 0) return head + for_b + " " + in;
      if (variant == 1) return head + " " + in;
      return bare + ": " + head + for_b;
    }
    case kZh: {
      std::string head = headed_topic(c, kZh);
      std::string place = c.place.kind == Place::worldwide ? "全球" : bare;
      std::string for_b = b ? "面向" + std::string(b->zh) + "的" : "";
      if (variant == 0) return place + for_b + head;
      if (variant == 1) return place + head;
      return for_b + head + (place.empty() ? "" : "（" + place + "）");
    }
  }
  return {};
}

}  // namespace

std::string render_title(const Concept& c, Lang lang) {
  std::string title = title_variant(c, lang, c.title_variant % 3);
  // Long country names ("United Kingdom of Great Britain and Northern Ireland") with a long
  // kind and topic could pass the limit; the plainest form is short enough.
  if (count_code_points(title) > 200) title = title_variant(c, lang, 1);
  return title;
}

// ---- descriptions ----------------------------------------------------------------------------

namespace {

std::string intro(const Concept& c, Lang lang) {
  const Topic& t = topic_of(c);
  const Kind& k = kind_of(c);
  const Beneficiary* b = beneficiary_of(c);
  const std::string in = place_in(c.place, lang);
  unsigned v = c.intro_variant % 3;
  switch (lang) {
    case kEn: {
      std::string kind = en_kind(k);
      if (v == 0) return "The " + kind + " aims to strengthen " + std::string(t.name[kEn]) + (b ? " for " + std::string(b->en) : "") + " " + in + ".";
      if (v == 1) return "This " + kind + " promotes " + std::string(t.name[kEn]) + " " + in + (b ? ", with a focus on " + std::string(b->en) : "") + ".";
      return cap(in) + ", the " + kind + (b ? " brings " + std::string(t.name[kEn]) + " to " + std::string(b->en) : " supports " + std::string(t.name[kEn])) + ".";
    }
    case kEs: {
      std::string b_art = b ? std::string(b->es_article) + " " + std::string(b->es) : "";
      if (v == 0) return cap(k.es_def) + " busca fortalecer " + std::string(t.name[kEs]) + (b ? " para " + b_art : "") + " " + in + ".";
      if (v == 1) return cap(es_this(k.es_def)) + " promueve " + std::string(t.name[kEs]) + " " + in + (b ? ", con especial atención a " + b_art : "") + ".";
      return cap(in) + ", " + std::string(k.es_def) + (b ? " acerca " + std::string(t.name[kEs]) + " a " + b_art : " impulsa " + std::string(t.name[kEs])) + ".";
    }
    case kFr: {
      if (v == 0) return cap(k.fr_this) + " vise à renforcer " + std::string(t.name[kFr]) + (b ? " pour les " + std::string(b->fr) : "") + " " + in + ".";
      if (v == 1) return cap(k.fr_this) + " promeut " + std::string(t.name[kFr]) + " " + in + (b ? ", en accordant une attention particulière aux " + std::string(b->fr) : "") + ".";
      return cap(in) + ", " + std::string(k.fr_this) + (b ? " met " + std::string(t.name[kFr]) + " à la portée des " + std::string(b->fr) : " soutient " + std::string(t.name[kFr])) + ".";
    }
    case kRu: {
      std::string for_b = b ? " для " + std::string(b->ru_gen) : "";
      std::string first;
      if (v == 0) first = "Цель " + std::string(k.ru_gen) + " — развитие " + std::string(t.comp[kRu]) + for_b + ".";
      else if (v == 1) first = std::string(k.ru_nom) + " способствует развитию " + std::string(t.comp[kRu]) + for_b + ".";
      else first = std::string(k.ru_nom) + " объединяет усилия партнёров в области " + std::string(t.comp[kRu]) + for_b + ".";
      return first + " " + russian_place_sentence(c.place);
    }
    case kAr: {
      std::string this_kind = std::string(k.ar_feminine ? "هذه " : "هذا ") + std::string(k.ar_def);
      if (v == 0) return "الهدف من " + this_kind + " هو تعزيز " + std::string(t.name[kAr]) + (b ? " لفائدة " + std::string(b->ar) : "") + " " + in + ".";
      if (v == 1) return std::string(k.ar_feminine ? "تسعى " : "يسعى ") + std::string(k.ar_def) + " إلى نشر " + std::string(t.name[kAr]) + " " + in + (b ? "، مع التركيز على " + std::string(b->ar) : "") + ".";
      return in + "، " + std::string(k.ar_feminine ? "تعمل " : "يعمل ") + std::string(k.ar_def) + " على تعزيز " + std::string(t.name[kAr]) + (b ? " لدى " + std::string(b->ar) : "") + ".";
    }
    case kZh: {
      std::string short_kind(k.zh_short);
      if (v == 0) return "该" + short_kind + in + "实施，旨在加强" + std::string(t.name[kZh]) + (b ? "，惠及" + std::string(b->zh) : "") + "。";
      if (v == 1) return "该" + short_kind + "致力于" + in + "推进" + std::string(t.name[kZh]) + (b ? "，重点关注" + std::string(b->zh) : "") + "。";
      return in + "，该" + short_kind + (b ? "帮助" + std::string(b->zh) + "加强" + std::string(t.name[kZh]) : "支持" + std::string(t.name[kZh]) + "的发展") + "。";
    }
  }
  return {};
}

std::string activities_block(const Concept& c, Lang lang) {
  static const Six kHeading = {"وتشمل الأنشطة الرئيسية ما يلي:", "Main activities:", "Actividades principales:",
                               "Principales activités :", "Основные направления работы:", "主要活动包括："};
  std::string block(kHeading[lang]);
  block += "\n";
  for (auto a : c.activities) block += "\n- " + std::string(activities()[a][lang]);
  return block;
}

std::string partners_sentence(const Concept& c, Lang lang) {
  std::vector<std::string> names;
  for (auto p : c.partners) names.push_back("**" + std::string(partners()[p][lang]) + "**");
  auto join = [&](std::string_view comma, std::string_view last_and) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i) out += i + 1 == names.size() ? std::string(last_and) : std::string(comma);
      out += names[i];
    }
    return out;
  };
  switch (lang) {
    case kEn: return "It is carried out in partnership with " + join(", ", " and ") + ".";
    case kEs: return "Se ejecuta en colaboración con " + join(", ", " y ") + ".";
    case kFr: return "La mise en œuvre est assurée en partenariat avec " + join(", ", " et ") + ".";
    case kRu: {
      std::vector<std::string> capitalised;
      for (auto p : c.partners) capitalised.push_back("**" + cap(partners()[p][kRu]) + "**");
      names = capitalised;
      return "Партнёры: " + join(", ", " и ") + ".";
    }
    case kAr: return "ويجري التنفيذ بالشراكة مع " + join(" و", " و") + ".";
    case kZh: return "合作伙伴包括" + join("、", "和") + "。";
  }
  return {};
}

std::string results_sentence(const Concept& c, Lang lang) {
  const Kind& k = kind_of(c);
  const Beneficiary* b = beneficiary_of(c);
  std::string n = format_number(c.reached, lang);
  std::string start = std::to_string(c.start_year);
  std::string end = std::to_string(c.end_year);
  if (c.status == "planned") {
    switch (lang) {
      case kEn: return "The first phase is due to start in " + start + ".";
      case kEs: return "La primera fase comenzará en " + start + ".";
      case kFr: return "La première phase doit démarrer en " + start + ".";
      case kRu: return "Начало первого этапа запланировано на " + start + " год.";
      case kAr: return "ومن المقرر أن تنطلق المرحلة الأولى في عام " + start + ".";
      case kZh: return "第一阶段计划于" + start + "年启动。";
    }
  }
  bool done = c.status == "completed" && c.end_year > 0;
  switch (lang) {
    case kEn:
      return done ? "By " + end + ", more than " + reached_en(c, b) + " had taken part."
                  : "So far, more than " + reached_en(c, b) + " have taken part.";
    case kEs: {
      std::string who = n + " " + (b ? std::string(b->es) : "personas");
      return done ? "Al concluir, en " + end + ", habían participado más de " + who + "."
                  : "Hasta la fecha han participado más de " + who + ".";
    }
    case kFr: {
      std::string who = n + " " + (b ? std::string(b->fr) : "personnes");
      return done ? "À son terme, en " + end + ", plus de " + who + " y avaient pris part."
                  : "À ce jour, plus de " + who + " y ont pris part.";
    }
    case kRu: {
      std::string who = n + " " + (b ? std::string(b->ru_gen) : "человек");
      return done ? "К " + end + " году участниками стали более " + who + "."
                  : "На сегодняшний день участниками стали более " + who + ".";
    }
    case kAr: {
      std::string who = "أكثر من " + n + (b ? " من " + std::string(b->ar) : " شخص");
      std::string from = k.ar_feminine ? "منها" : "منه";
      return done ? "وبحلول عام " + end + "، استفاد " + from + " " + who + "."
                  : "وقد استفاد " + from + " حتى الآن " + who + ".";
    }
    case kZh: {
      std::string who = b ? "超过" + n + std::string(b->zh_measure) + std::string(b->zh) : "超过" + n + "人";
      return done ? "截至" + end + "年，已有" + who + "参与。" : "目前已有" + who + "参与。";
    }
  }
  return {};
}

std::string links_sentence(const Concept& c, Lang lang) {
  const Kind& k = kind_of(c);
  std::string code = line_code(c.action_line);
  std::string line = line_short(c.action_line, lang);
  std::string goal = std::to_string(c.goal);
  std::string goal_title = goal_short(c.goal, lang);
  switch (lang) {
    case kEn:
      return "The " + en_kind(k) + " falls under WSIS Action Line " + code + " (*" + line + "*) and contributes to SDG " +
             goal + " (*" + goal_title + "*).";
    case kEs:
      return cap(k.es_def) + " se enmarca en la Línea de Acción " + code + " de la CMSI (*" + line +
             "*) y contribuye al ODS " + goal + " (*" + goal_title + "*).";
    case kFr:
      return cap(k.fr_this) + " relève de la grande orientation " + code + " du SMSI (*" + line +
             "*) et contribue à l'ODD " + goal + " (*" + goal_title + "*).";
    case kRu:
      return std::string(k.ru_nom) + " относится к направлению деятельности ВВУИО " + code + " (*" + line +
             "*) и способствует достижению ЦУР " + goal + " (*" + goal_title + "*).";
    case kAr:
      return std::string(k.ar_feminine ? "وتندرج " : "ويندرج ") + std::string(k.ar_def) + " ضمن خط العمل " + code +
             " للقمة العالمية لمجتمع المعلومات (*" + line + "*)، " + (k.ar_feminine ? "وتساهم" : "ويساهم") +
             " في تحقيق الهدف " + goal + " من أهداف التنمية المستدامة (*" + goal_title + "*).";
    case kZh:
      return "该" + std::string(k.zh_short) + "属于信息社会世界峰会" + code + "行动方面（*" + line +
             "*），有助于实现可持续发展目标" + goal + "（*" + goal_title + "*）。";
  }
  return {};
}

}  // namespace

std::string render_description(const Concept& c, Lang lang) {
  // Paragraphs: what and where; the activities as a list; who with and what came of it; the
  // action line and SDG it serves. Two to five sentences in all.
  std::string text = intro(c, lang);
  if (!c.activities.empty()) text += "\n\n" + activities_block(c, lang);
  std::string middle;
  if (!c.partners.empty()) middle = partners_sentence(c, lang);
  std::string results = results_sentence(c, lang);
  middle += (middle.empty() ? "" : (lang == kZh ? "" : " ")) + results;
  text += "\n\n" + middle;
  if (c.link_sentence) text += "\n\n" + links_sentence(c, lang);
  return text;
}

std::string render_beneficiaries(const Concept& c, Lang lang) {
  const Beneficiary* b = beneficiary_of(c);
  if (!b) return {};
  switch (lang) {
    case kEn: return cap(b->en);
    case kEs: return cap(b->es);
    case kFr: return cap(b->fr);
    case kRu: return cap(b->ru_nom);
    case kAr: return std::string(b->ar);
    case kZh: return std::string(b->zh);
  }
  return {};
}

std::string render_impact(const Concept& c, Lang lang) {
  if (c.status == "planned") return {};
  return results_sentence(c, lang);
}

std::vector<std::string> render_partners(const Concept& c, Lang lang) {
  std::vector<std::string> out;
  for (auto p : c.partners) {
    std::string_view name = partners()[p][lang];
    for (std::string_view article : {"the ", "el ", "la ", "los ", "las ", "le ", "les ", "l'"})
      if ((lang == kEn || lang == kEs || lang == kFr) && starts_with(name, article)) {
        name.remove_prefix(article.size());
        break;
      }
    out.push_back(cap(name));
  }
  return out;
}

std::string render_update_note(int year, Lang lang) {
  std::string y = std::to_string(year);
  switch (lang) {
    case kEn: return "**Update " + y + ":** a second phase has been approved.";
    case kEs: return "**Actualización " + y + ":** se ha aprobado una segunda fase.";
    case kFr: return "**Mise à jour " + y + " :** une deuxième phase a été approuvée.";
    case kRu: return "**Обновление, " + y + ":** утверждён второй этап.";
    case kAr: return "**تحديث " + y + ":** تمت الموافقة على مرحلة ثانية.";
    case kZh: return "**" + y + "年更新：**第二阶段已获批准。";
  }
  return {};
}

std::string render_return_comment(std::size_t which, Lang lang) {
  static const std::array<Six, 4> kComments = {{
      {"يرجى إضافة غايات أهداف التنمية المستدامة التي يساهم فيها المشروع.",
       "Please add the SDG targets that the project contributes to.",
       "Indique las metas de los ODS a las que contribuye el proyecto.",
       "Merci d'indiquer les cibles des ODD auxquelles contribue le projet.",
       "Просьба указать задачи ЦУР, в достижение которых вносит вклад проект.",
       "请补充项目所对应的可持续发展目标具体目标。"},
      {"يرجى وصف النتائج المحققة حتى الآن في بضع جمل.", "Please describe the results so far in a few sentences.",
       "Describa en pocas frases los resultados obtenidos hasta ahora.",
       "Merci de décrire en quelques phrases les résultats obtenus.", "Просьба кратко описать полученные результаты.",
       "请用几句话说明目前取得的成果。"},
      {"رابط الموقع الإلكتروني لا يعمل، يرجى التحقق منه.", "The website link does not work; please check it.",
       "El enlace al sitio web no funciona; verifíquelo, por favor.",
       "Le lien vers le site web ne fonctionne pas ; merci de le vérifier.",
       "Ссылка на веб-сайт не работает, просьба проверить её.", "网站链接无法访问，请核实。"},
      {"يرجى إضافة الشركاء وتواريخ المشروع.", "Please add the partners and the dates of the project.",
       "Añada los asociados y las fechas del proyecto.", "Merci de préciser les partenaires et les dates du projet.",
       "Просьба указать партнёров и сроки реализации проекта.", "请补充项目的合作伙伴和起止日期。"},
  }};
  return std::string(kComments[which % kComments.size()][lang]);
}

// ---- organisations -------------------------------------------------------------------------

namespace {

template <std::size_t N>
std::string_view pick(const std::array<std::string_view, N>& list, DemoRng& rng) {
  return list[rng.below(N)];
}

std::string government_name(const reference::Country& country, Lang lang, DemoRng& rng) {
  const std::string& name = country.name[lang];
  switch (lang) {
    case kEn: {
      static constexpr std::array<std::string_view, 12> kAgencies = {
          "Ministry of Information and Communications Technology", "Ministry of Digital Economy",
          "Ministry of Education", "Ministry of Health", "Ministry of Agriculture", "National ICT Agency",
          "Communications Regulatory Authority", "E-Government Agency", "National Statistics Office",
          "Ministry of Youth and Sports", "Ministry of Gender and Social Affairs", "National Cybersecurity Centre"};
      return std::string(pick(kAgencies, rng)) + ", " + name;
    }
    case kFr: {
      static constexpr std::array<std::string_view, 12> kAgencies = {
          "Ministère de l'Économie numérique", "Ministère des Postes et des Télécommunications",
          "Ministère de l'Éducation nationale", "Ministère de la Santé publique", "Ministère de l'Agriculture",
          "Agence nationale des technologies de l'information", "Autorité de régulation des communications électroniques",
          "Agence de l'informatique de l'État", "Institut national de la statistique", "Ministère de la Jeunesse",
          "Ministère de la Promotion de la femme", "Agence nationale de la sécurité des systèmes d'information"};
      return std::string(pick(kAgencies, rng)) + " " + french_of(country);
    }
    case kEs: {
      static constexpr std::array<std::string_view, 12> kAgencies = {
          "Ministerio de Tecnologías de la Información y las Comunicaciones", "Secretaría de Gobierno Digital",
          "Ministerio de Educación", "Ministerio de Salud", "Ministerio de Agricultura",
          "Agencia Nacional de Gobierno Digital", "Instituto Nacional de Estadística",
          "Ente Regulador de las Telecomunicaciones", "Secretaría de Innovación", "Ministerio de la Mujer",
          "Ministerio de Ciencia y Tecnología", "Centro Nacional de Ciberseguridad"};
      return std::string(pick(kAgencies, rng)) + ", " + name;
    }
    case kRu: {
      static constexpr std::array<std::string_view, 10> kAgencies = {
          "Министерство цифрового развития", "Министерство связи и информатизации", "Министерство образования",
          "Министерство здравоохранения", "Министерство сельского хозяйства", "Агентство по цифровому развитию",
          "Национальный статистический комитет", "Центр электронного правительства", "Министерство по делам молодёжи",
          "Национальный центр кибербезопасности"};
      return std::string(pick(kAgencies, rng)) + " (" + name + ")";
    }
    case kAr: {
      static constexpr std::array<std::string_view, 10> kAgencies = {
          "وزارة الاتصالات وتقنية المعلومات", "وزارة الاقتصاد الرقمي", "وزارة التربية والتعليم", "وزارة الصحة",
          "وزارة الزراعة", "الهيئة الوطنية لتنظيم الاتصالات", "هيئة الحكومة الرقمية", "الجهاز المركزي للإحصاء",
          "المركز الوطني للأمن السيبراني", "وزارة الشباب والرياضة"};
      return std::string(pick(kAgencies, rng)) + "، " + name;
    }
    case kZh: {
      static constexpr std::array<std::string_view, 10> kProvinces = {"广东", "浙江", "四川", "云南", "贵州",
                                                                      "江苏", "山东", "湖北", "甘肃", "福建"};
      static constexpr std::array<std::string_view, 6> kDepartments = {"通信管理局",     "教育厅",   "卫生健康委员会",
                                                                       "农业农村厅",     "大数据发展管理局", "经济和信息化厅"};
      static constexpr std::array<std::string_view, 6> kMinistries = {"工业和信息化部", "教育部", "国家卫生健康委员会",
                                                                      "农业农村部",     "科学技术部", "国家统计局"};
      if (country.iso3 == "CHN" && rng.chance(750))
        return std::string(pick(kProvinces, rng)) + "省" + std::string(pick(kDepartments, rng));
      return name + std::string(pick(kMinistries, rng));
    }
  }
  return name;
}

std::string civil_society_name(const reference::Country& country, Lang lang, DemoRng& rng) {
  const std::string& name = country.name[lang];
  bool with_country = rng.chance(400);
  switch (lang) {
    case kEn: {
      static constexpr std::array<std::string_view, 11> kA = {"Digital", "Open",   "Connected", "Inclusive", "Bright",
                                                              "Future",  "Rural",  "Community", "Youth",     "Women's",
                                                              "Shared"};
      static constexpr std::array<std::string_view, 10> kB = {"Bridges", "Horizons", "Voices",    "Skills", "Pathways",
                                                              "Access",  "Knowledge", "Futures", "Links",  "Learning"};
      static constexpr std::array<std::string_view, 8> kC = {"Foundation", "Network", "Initiative", "Association",
                                                             "Trust",      "Alliance", "Collective", "Hub"};
      std::string n = std::string(pick(kA, rng)) + " " + std::string(pick(kB, rng)) + " " + std::string(pick(kC, rng));
      return with_country ? n + " " + name : n;
    }
    case kFr: {
      static constexpr std::array<std::string_view, 9> kForm = {"Association", "Fondation", "Réseau",       "Collectif",
                                                                "Alliance",    "Centre",    "Observatoire", "Coalition",
                                                                "Plateforme"};
      static constexpr std::array<std::string_view, 11> kPurpose = {
          "pour l'inclusion numérique", "pour le développement local", "des jeunes du numérique",
          "pour l'accès au savoir",     "pour l'éducation numérique",  "des femmes entrepreneures",
          "pour la citoyenneté numérique", "pour les droits numériques", "des radios communautaires",
          "pour l'innovation sociale",  "des bibliothèques rurales"};
      std::string n = std::string(pick(kForm, rng)) + " " + std::string(pick(kPurpose, rng));
      return with_country ? n + " " + french_of(country) : n;
    }
    case kEs: {
      static constexpr std::array<std::string_view, 8> kForm = {"Fundación", "Asociación",   "Red",       "Colectivo",
                                                                "Alianza",   "Centro",       "Observatorio", "Coalición"};
      static constexpr std::array<std::string_view, 10> kPurpose = {
          "para la Inclusión Digital", "Conectando Comunidades", "de Mujeres en Tecnología", "para el Desarrollo Local",
          "Acceso Abierto",            "por los Derechos Digitales", "de Jóvenes Innovadores", "para la Educación Digital",
          "de Radios Comunitarias",    "Saber Compartido"};
      std::string n = std::string(pick(kForm, rng)) + " " + std::string(pick(kPurpose, rng));
      return with_country ? n + " (" + name + ")" : n;
    }
    case kRu: {
      static constexpr std::array<std::string_view, 7> kForm = {"АНО", "Фонд", "Ассоциация", "Центр", "Союз",
                                                                "Общественная организация", "Некоммерческое партнёрство"};
      static constexpr std::array<std::string_view, 11> kName = {
          "«Цифровое будущее»", "«Открытые знания»", "«Цифровые горизонты»", "«Информационное общество»",
          "«Цифровое равенство»", "«Женщины в ИТ»", "«Доступный интернет»", "«Молодёжь онлайн»", "«Сельская связь»",
          "«Открытый код»", "«Новые горизонты»"};
      std::string n = std::string(pick(kForm, rng)) + " " + std::string(pick(kName, rng));
      return with_country ? n + " (" + name + ")" : n;
    }
    case kAr: {
      static constexpr std::array<std::string_view, 7> kForm = {"جمعية", "مؤسسة", "شبكة", "منظمة", "مركز", "ائتلاف",
                                                                "منتدى"};
      static constexpr std::array<std::string_view, 10> kPurpose = {
          "التنمية الرقمية", "الإدماج الرقمي", "النساء في التكنولوجيا", "الشباب المبدع", "المعرفة المفتوحة",
          "الحقوق الرقمية", "الإعلام المجتمعي", "المكتبات الريفية", "التعليم الرقمي", "الابتكار الاجتماعي"};
      std::string n = std::string(pick(kForm, rng)) + " " + std::string(pick(kPurpose, rng));
      return with_country ? n + " في " + name : n;
    }
    case kZh: {
      static constexpr std::array<std::string_view, 10> kPlace = {"北京", "上海", "广东", "浙江", "四川",
                                                                  "云南", "贵州", "甘肃", "湖南", "深圳"};
      static constexpr std::array<std::string_view, 10> kName = {"数字包容", "乡村信息化", "妇女创业", "青年创新",
                                                                 "开放知识", "网络安全",   "社区媒体", "智慧农业",
                                                                 "公益互联网", "信息无障碍"};
      static constexpr std::array<std::string_view, 7> kForm = {"协会", "促进会", "基金会", "研究会", "发展中心", "联盟",
                                                                "服务中心"};
      std::string place = country.iso3 == "CHN" ? std::string(pick(kPlace, rng)) : name;
      return place + std::string(pick(kName, rng)) + std::string(pick(kForm, rng));
    }
  }
  return name;
}

std::string private_sector_name(const reference::Country& country, Lang lang, DemoRng& rng) {
  switch (lang) {
    case kEn: {
      static constexpr std::array<std::string_view, 18> kBrand = {
          "Savanna", "Baobab", "Kilima", "Meridian", "Zenith", "Orbit", "Tamarind", "Harmattan", "Monsoon",
          "Coral",   "Atlas",  "Lumen",  "Nimbus",   "Delta",  "Acacia", "Lotus",   "Everest",   "Cedar"};
      static constexpr std::array<std::string_view, 10> kKind = {"Networks", "Digital", "Technologies", "Solutions",
                                                                 "Systems",  "Labs",    "Data",         "Telecom",
                                                                 "Software", "Analytics"};
      static constexpr std::array<std::string_view, 5> kSuffix = {"Ltd", "Inc.", "plc", "Limited", "Pvt. Ltd"};
      return std::string(pick(kBrand, rng)) + " " + std::string(pick(kKind, rng)) + " " + std::string(pick(kSuffix, rng));
    }
    case kFr: {
      static constexpr std::array<std::string_view, 14> kBrand = {"Sahel", "Baobab", "Teranga", "Karité", "Atlas",
                                                                  "Oasis", "Lagune", "Horizon", "Alizé",  "Ébène",
                                                                  "Mistral", "Cèdre", "Kora",   "Sankoré"};
      static constexpr std::array<std::string_view, 8> kKind = {"Technologies", "Numérique", "Solutions", "Systèmes",
                                                                "Réseaux",      "Informatique", "Télécom", "Services"};
      static constexpr std::array<std::string_view, 3> kSuffix = {"SA", "SARL", "SAS"};
      return std::string(pick(kBrand, rng)) + " " + std::string(pick(kKind, rng)) + " " + std::string(pick(kSuffix, rng));
    }
    case kEs: {
      static constexpr std::array<std::string_view, 7> kKind = {"Soluciones Digitales", "Tecnologías", "Redes",
                                                                "Sistemas", "Telecomunicaciones", "Software",
                                                                "Innovación Digital"};
      static constexpr std::array<std::string_view, 14> kBrand = {"Cóndor", "Andina", "Quetzal", "Ceiba", "Pacífico",
                                                                  "Austral", "Colibrí", "Maya", "Nazca", "Altiplano",
                                                                  "Caribe", "Jaguar", "Puma", "Amazonia"};
      static constexpr std::array<std::string_view, 3> kSuffix = {"S.A.", "S.A.S.", "Ltda."};
      return std::string(pick(kKind, rng)) + " " + std::string(pick(kBrand, rng)) + " " + std::string(pick(kSuffix, rng));
    }
    case kRu: {
      static constexpr std::array<std::string_view, 11> kBrand = {"Вектор", "Меридиан", "Горизонт", "Алтай",
                                                                  "Сфера",  "Альфа",    "Орион",    "Байкал",
                                                                  "Тянь-Шань", "Каспий", "Волга"};
      static constexpr std::array<std::string_view, 7> kKind = {"Телеком", "Софт", "ИТ", "Технологии", "Системы", "Сети",
                                                                "Диджитал"};
      static constexpr std::array<std::string_view, 2> kForm = {"ООО", "АО"};
      return std::string(pick(kForm, rng)) + " «" + std::string(pick(kBrand, rng)) + " " + std::string(pick(kKind, rng)) + "»";
    }
    case kAr: {
      static constexpr std::array<std::string_view, 10> kBrand = {"الأفق", "النخبة", "المستقبل", "الريادة", "الواحة",
                                                                  "النخيل", "الصقر", "الرؤية",  "الأمل",   "البيان"};
      static constexpr std::array<std::string_view, 6> kKind = {"للحلول الرقمية", "للاتصالات", "لتقنية المعلومات",
                                                                "للبرمجيات", "للخدمات الإلكترونية", "للتقنيات الذكية"};
      return "شركة " + std::string(pick(kBrand, rng)) + " " + std::string(pick(kKind, rng));
    }
    case kZh: {
      static constexpr std::array<std::string_view, 10> kCity = {"北京", "深圳", "杭州", "成都", "上海",
                                                                 "广州", "南京", "武汉", "西安", "贵阳"};
      static constexpr std::array<std::string_view, 12> kBrand = {"华信", "云桥", "智联", "天宇", "数联", "中科",
                                                                  "海纳", "博远", "星河", "蓝海", "鼎信", "明德"};
      static constexpr std::array<std::string_view, 6> kKind = {"科技", "信息技术", "网络科技", "数据服务", "通信技术",
                                                                "软件"};
      std::string city = country.iso3 == "CHN" ? std::string(pick(kCity, rng)) : country.name[kZh];
      return city + std::string(pick(kBrand, rng)) + std::string(pick(kKind, rng)) + "有限公司";
    }
  }
  return country.name[lang];
}

std::string academia_name(const reference::Country& country, Lang lang, DemoRng& rng) {
  const std::string& name = country.name[lang];
  switch (lang) {
    case kEn: {
      static constexpr std::array<std::string_view, 8> kPattern = {
          "National University of ", "Open University of ", "Polytechnic University of ",
          "Institute for Digital Development Studies, ", "Centre for ICT Research, National University of ",
          "Faculty of Computer Science, University of ", "School of Public Health, University of ",
          "Department of Agricultural Economics, University of "};
      return std::string(pick(kPattern, rng)) + english_name(country);
    }
    case kFr: {
      static constexpr std::array<std::string_view, 6> kPattern = {
          "Université virtuelle", "Université nationale", "Institut supérieur d'informatique",
          "Centre de recherche en sciences du numérique", "École nationale supérieure polytechnique",
          "Faculté des sciences et techniques, Université nationale"};
      return std::string(pick(kPattern, rng)) + " " + french_of(country);
    }
    case kEs: {
      static constexpr std::array<std::string_view, 6> kPattern = {
          "Universidad Nacional", "Universidad Tecnológica", "Universidad Abierta",
          "Instituto de Investigación en Tecnologías de la Información", "Facultad de Ingeniería, Universidad Nacional",
          "Centro de Estudios sobre Sociedad Digital"};
      return std::string(pick(kPattern, rng)) + (starts_with(name, "República") ? " de la " : " de ") + name;
    }
    case kRu: {
      static constexpr std::array<std::string_view, 6> kPattern = {
          "Национальный университет", "Технический университет", "Институт информационных технологий",
          "Научно-исследовательский центр цифрового развития", "Университет связи", "Институт информатики Академии наук"};
      return std::string(pick(kPattern, rng)) + " (" + name + ")";
    }
    case kAr: {
      static constexpr std::array<std::string_view, 5> kPattern = {"كلية الحاسبات والمعلومات، جامعة ", "معهد البحوث الرقمية في ",
                                                                   "مركز دراسات مجتمع المعلومات، جامعة ", "الجامعة الافتراضية في ",
                                                                   "كلية الهندسة، جامعة "};
      return std::string(pick(kPattern, rng)) + name;
    }
    case kZh: {
      static constexpr std::array<std::string_view, 12> kCity = {"北京", "上海", "成都", "昆明", "贵阳", "兰州",
                                                                  "武汉", "南京", "西安", "杭州", "长沙", "哈尔滨"};
      static constexpr std::array<std::string_view, 6> kKind = {"信息工程大学", "师范大学", "农业大学", "医科大学",
                                                                "理工学院", "邮电大学"};
      std::string city = country.iso3 == "CHN" ? std::string(pick(kCity, rng)) : name;
      return city + std::string(pick(kKind, rng));
    }
  }
  return name;
}

std::string international_name(Lang lang, DemoRng& rng) {
  switch (lang) {
    case kEn: {
      static constexpr std::array<std::string_view, 8> kScope = {"International", "Regional", "Intergovernmental",
                                                                 "Global", "Pan-African", "Asia-Pacific",
                                                                 "Inter-American", "Arab"};
      static constexpr std::array<std::string_view, 7> kBody = {"Centre", "Organisation", "Partnership", "Network",
                                                                "Commission", "Institute", "Council"};
      static constexpr std::array<std::string_view, 7> kPurpose = {
          "Digital Development", "Telecommunication Cooperation", "Open Learning", "Digital Health",
          "Agricultural Innovation", "Information Society Studies", "Cyber Resilience"};
      return std::string(pick(kScope, rng)) + " " + std::string(pick(kBody, rng)) + " for " + std::string(pick(kPurpose, rng));
    }
    case kFr: {
      struct Body { std::string_view noun; bool feminine; };
      static constexpr std::array<Body, 8> kBody = {{{"Centre", false}, {"Organisation", true}, {"Partenariat", false},
                                                    {"Réseau", false}, {"Commission", true}, {"Institut", false},
                                                    {"Conseil", false}, {"Agence", true}}};
      static constexpr std::array<std::array<std::string_view, 2>, 5> kScope = {{{"international", "internationale"},
                                                                                 {"régional", "régionale"},
                                                                                 {"panafricain", "panafricaine"},
                                                                                 {"intergouvernemental", "intergouvernementale"},
                                                                                 {"francophone", "francophone"}}};
      static constexpr std::array<std::string_view, 6> kPurpose = {
          "le développement numérique", "la coopération en télécommunications", "l'apprentissage ouvert",
          "la santé numérique", "l'innovation agricole", "la société de l'information"};
      const Body& body = kBody[rng.below(kBody.size())];
      return std::string(body.noun) + " " + std::string(kScope[rng.below(kScope.size())][body.feminine ? 1 : 0]) +
             " pour " + std::string(pick(kPurpose, rng));
    }
    case kEs: {
      static constexpr std::array<std::string_view, 7> kBody = {"Centro", "Organización", "Red", "Comisión", "Instituto",
                                                                "Consejo", "Agencia"};
      static constexpr std::array<bool, 7> kFeminine = {false, true, true, true, false, false, true};
      static constexpr std::array<std::array<std::string_view, 2>, 5> kScope = {{{"Internacional", "Internacional"},
                                                                                 {"Regional", "Regional"},
                                                                                 {"Iberoamericano", "Iberoamericana"},
                                                                                 {"Interamericano", "Interamericana"},
                                                                                 {"Latinoamericano", "Latinoamericana"}}};
      static constexpr std::array<std::string_view, 6> kPurpose = {
          "para el Desarrollo Digital", "para la Cooperación en Telecomunicaciones", "para el Aprendizaje Abierto",
          "para la Salud Digital", "para la Innovación Agrícola", "para la Sociedad de la Información"};
      std::size_t b = rng.below(kBody.size());
      return std::string(kBody[b]) + " " + std::string(kScope[rng.below(kScope.size())][kFeminine[b] ? 1 : 0]) + " " +
             std::string(pick(kPurpose, rng));
    }
    case kRu: {
      struct Body { std::string_view noun; int gender; };  // 0 m, 1 f, 2 n
      static constexpr std::array<Body, 8> kBody = {{{"центр", 0}, {"организация", 1}, {"партнёрство", 2}, {"сеть", 1},
                                                    {"комиссия", 1}, {"институт", 0}, {"совет", 0}, {"агентство", 2}}};
      static constexpr std::array<std::array<std::string_view, 3>, 4> kScope = {
          {{"Международный", "Международная", "Международное"},
           {"Региональный", "Региональная", "Региональное"},
           {"Евразийский", "Евразийская", "Евразийское"},
           {"Межгосударственный", "Межгосударственная", "Межгосударственное"}}};
      static constexpr std::array<std::string_view, 6> kPurpose = {
          "цифрового развития", "сотрудничества в области связи", "открытого образования", "цифрового здравоохранения",
          "информационного общества", "кибербезопасности"};
      const Body& body = kBody[rng.below(kBody.size())];
      return std::string(kScope[rng.below(kScope.size())][static_cast<std::size_t>(body.gender)]) + " " +
             std::string(body.noun) + " " + std::string(pick(kPurpose, rng));
    }
    case kAr: {
      static constexpr std::array<std::string_view, 6> kBody = {"المركز الدولي", "المنظمة الإقليمية", "الشبكة العربية",
                                                                "المعهد العربي", "المجلس الدولي", "الوكالة الإقليمية"};
      static constexpr std::array<std::string_view, 6> kPurpose = {"التنمية الرقمية", "التعلم المفتوح", "الصحة الرقمية",
                                                                   "الابتكار الزراعي", "دراسات مجتمع المعلومات",
                                                                   "التعاون في مجال الاتصالات"};
      return std::string(pick(kBody, rng)) + " " + ar_li(pick(kPurpose, rng));
    }
    case kZh: {
      static constexpr std::array<std::string_view, 4> kScope = {"国际", "亚太", "区域", "南南"};
      static constexpr std::array<std::string_view, 6> kPurpose = {"数字发展", "电信合作", "开放学习", "数字健康",
                                                                   "农业创新", "信息社会研究"};
      static constexpr std::array<std::string_view, 6> kBody = {"中心", "组织", "伙伴关系", "网络", "委员会", "研究所"};
      return std::string(pick(kScope, rng)) + std::string(pick(kPurpose, rng)) + std::string(pick(kBody, rng));
    }
  }
  return {};
}

std::string technical_name(const reference::Country& country, Lang lang, DemoRng& rng) {
  const std::string& name = country.name[lang];
  std::size_t which = rng.below(5);
  switch (lang) {
    case kEn: {
      static constexpr std::array<std::string_view, 5> kPattern = {
          "Network Operators' Group of ", "Internet Exchange Point Association of ", "Open Source Community of ",
          "National Research and Education Network of ", "Domain Name Registry of "};
      return std::string(kPattern[which]) + english_name(country);
    }
    case kFr: {
      static constexpr std::array<std::string_view, 5> kPattern = {
          "Groupe des opérateurs de réseaux", "Association du point d'échange Internet", "Communauté du logiciel libre",
          "Réseau national de recherche et d'éducation", "Registre des noms de domaine"};
      return std::string(kPattern[which]) + " " + french_of(country);
    }
    case kEs: {
      static constexpr std::array<std::string_view, 5> kPattern = {
          "Grupo de Operadores de Red", "Asociación del Punto de Intercambio de Internet", "Comunidad de Software Libre",
          "Red Nacional de Investigación y Educación", "Registro de Nombres de Dominio"};
      return std::string(kPattern[which]) + (starts_with(name, "República") ? " de la " : " de ") + name;
    }
    case kRu: {
      static constexpr std::array<std::string_view, 5> kPattern = {
          "Сообщество операторов связи", "Ассоциация участников точки обмена трафиком",
          "Сообщество разработчиков открытого ПО", "Национальная научно-образовательная сеть",
          "Координационный центр национального домена"};
      return std::string(kPattern[which]) + " (" + name + ")";
    }
    case kAr: {
      static constexpr std::array<std::string_view, 5> kPattern = {"مجموعة مشغلي الشبكات في ", "جمعية نقطة تبادل الإنترنت في ",
                                                                   "مجتمع البرمجيات الحرة في ", "الشبكة الوطنية للبحث والتعليم في ",
                                                                   "سجل أسماء النطاقات في "};
      return std::string(kPattern[which]) + name;
    }
    case kZh: {
      static constexpr std::array<std::string_view, 5> kPattern = {"网络运营者联盟", "互联网交换中心", "开源社区",
                                                                   "教育和科研计算机网", "域名注册管理机构"};
      return name + std::string(kPattern[which]);
    }
  }
  return name;
}

std::string other_name(const reference::Country& country, Lang lang, DemoRng& rng) {
  const std::string& name = country.name[lang];
  std::size_t which = rng.below(5);
  switch (lang) {
    case kEn: {
      static constexpr std::array<std::string_view, 5> kPattern = {
          "Chamber of Commerce and Industry of ", "Library Association of ", "Rural Women's Cooperative of ",
          "Community Media Centre of ", "Consumers' Association of "};
      return std::string(kPattern[which]) + english_name(country);
    }
    case kFr: {
      static constexpr std::array<std::string_view, 5> kPattern = {
          "Chambre de commerce et d'industrie", "Association des bibliothécaires", "Coopérative des femmes rurales",
          "Centre des médias communautaires", "Union des consommateurs"};
      return std::string(kPattern[which]) + " " + french_of(country);
    }
    case kEs: {
      static constexpr std::array<std::string_view, 5> kPattern = {
          "Cámara de Comercio e Industria", "Asociación de Bibliotecarios", "Cooperativa de Mujeres Rurales",
          "Centro de Medios Comunitarios", "Asociación de Consumidores"};
      return std::string(kPattern[which]) + (starts_with(name, "República") ? " de la " : " de ") + name;
    }
    case kRu: {
      static constexpr std::array<std::string_view, 5> kPattern = {
          "Торгово-промышленная палата", "Библиотечная ассоциация", "Кооператив сельских женщин",
          "Центр общественных медиа", "Союз потребителей"};
      return std::string(kPattern[which]) + " (" + name + ")";
    }
    case kAr: {
      static constexpr std::array<std::string_view, 5> kPattern = {"غرفة التجارة والصناعة في ", "جمعية المكتبات في ",
                                                                   "تعاونية النساء الريفيات في ", "مركز الإعلام المجتمعي في ",
                                                                   "جمعية حماية المستهلك في "};
      return std::string(kPattern[which]) + name;
    }
    case kZh: {
      static constexpr std::array<std::string_view, 5> kPattern = {"商会", "图书馆协会", "农村妇女合作社", "社区媒体中心",
                                                                   "消费者协会"};
      return name + std::string(kPattern[which]);
    }
  }
  return name;
}

}  // namespace

std::string organisation_name(std::string_view stakeholder_type, const reference::Country& country, Lang lang,
                              DemoRng& rng) {
  if (stakeholder_type == "government") return government_name(country, lang, rng);
  if (stakeholder_type == "civil-society") return civil_society_name(country, lang, rng);
  if (stakeholder_type == "private-sector") return private_sector_name(country, lang, rng);
  if (stakeholder_type == "academia") return academia_name(country, lang, rng);
  if (stakeholder_type == "international-organization") return international_name(lang, rng);
  if (stakeholder_type == "technical-community") return technical_name(country, lang, rng);
  return other_name(country, lang, rng);
}

// ---- people ----------------------------------------------------------------------------------

Person person_name(Lang lang, DemoRng& rng) {
  struct Name { std::string_view text, latin; };
  auto email = [](std::string_view first, std::string_view last) {
    std::string out;
    for (std::string_view part : {first, std::string_view("."), last})
      for (char ch : part)
        if ((ch >= 'a' && ch <= 'z') || ch == '.') out += ch;
        else if (ch >= 'A' && ch <= 'Z') out += static_cast<char>(ch - 'A' + 'a');
    return out + "@example.org";
  };
  switch (lang) {
    case kEn: {
      static constexpr std::array<std::string_view, 20> kFirst = {"James", "Mary",  "Aisha", "John",  "Priya",
                                                                  "David", "Grace", "Samuel", "Fatima", "Michael",
                                                                  "Sarah", "Joseph", "Amina", "Peter", "Linda",
                                                                  "Ravi",  "Nomvula", "Kwame", "Emily", "Daniel"};
      static constexpr std::array<std::string_view, 20> kLast = {"Smith", "Okafor", "Mwangi", "Patel",  "Johnson",
                                                                 "Mensah", "Kumar", "Brown",  "Ochieng", "Wilson",
                                                                 "Banda",  "Nguyen", "Taylor", "Khan",  "Adeyemi",
                                                                 "Williams", "Phiri", "Silva", "Hughes", "Moyo"};
      auto f = pick(kFirst, rng), l = pick(kLast, rng);
      return {std::string(f) + " " + std::string(l), email(f, l)};
    }
    case kFr: {
      static constexpr std::array<Name, 20> kFirst = {{{"Aminata", "aminata"}, {"Jean", "jean"}, {"Fatou", "fatou"},
                                                      {"Marie", "marie"}, {"Moussa", "moussa"}, {"Claire", "claire"},
                                                      {"Ibrahima", "ibrahima"}, {"Sophie", "sophie"}, {"Koffi", "koffi"},
                                                      {"Awa", "awa"}, {"Pierre", "pierre"}, {"Mariam", "mariam"},
                                                      {"Olivier", "olivier"}, {"Aïcha", "aicha"}, {"Serge", "serge"},
                                                      {"Nadia", "nadia"}, {"Mamadou", "mamadou"}, {"Isabelle", "isabelle"},
                                                      {"Yves", "yves"}, {"Khadija", "khadija"}}};
      static constexpr std::array<Name, 20> kLast = {{{"Diallo", "diallo"}, {"Martin", "martin"}, {"Traoré", "traore"},
                                                     {"Dubois", "dubois"}, {"Koné", "kone"}, {"Ndiaye", "ndiaye"},
                                                     {"Bernard", "bernard"}, {"Camara", "camara"}, {"Mbarga", "mbarga"},
                                                     {"Ouédraogo", "ouedraogo"}, {"Lefebvre", "lefebvre"}, {"Sow", "sow"},
                                                     {"Rakoto", "rakoto"}, {"Touré", "toure"}, {"Girard", "girard"},
                                                     {"Kaboré", "kabore"}, {"Diop", "diop"}, {"Moreau", "moreau"},
                                                     {"Nkurunziza", "nkurunziza"}, {"Benali", "benali"}}};
      const auto& f = kFirst[rng.below(kFirst.size())];
      const auto& l = kLast[rng.below(kLast.size())];
      return {std::string(f.text) + " " + std::string(l.text), email(f.latin, l.latin)};
    }
    case kEs: {
      static constexpr std::array<Name, 20> kFirst = {{{"María", "maria"}, {"José", "jose"}, {"Carmen", "carmen"},
                                                      {"Luis", "luis"}, {"Ana", "ana"}, {"Carlos", "carlos"},
                                                      {"Lucía", "lucia"}, {"Jorge", "jorge"}, {"Sofía", "sofia"},
                                                      {"Diego", "diego"}, {"Valentina", "valentina"}, {"Andrés", "andres"},
                                                      {"Gabriela", "gabriela"}, {"Miguel", "miguel"}, {"Camila", "camila"},
                                                      {"Javier", "javier"}, {"Daniela", "daniela"}, {"Fernando", "fernando"},
                                                      {"Paula", "paula"}, {"Ricardo", "ricardo"}}};
      static constexpr std::array<Name, 20> kLast = {{{"García", "garcia"}, {"Rodríguez", "rodriguez"},
                                                     {"Martínez", "martinez"}, {"López", "lopez"}, {"González", "gonzalez"},
                                                     {"Pérez", "perez"}, {"Sánchez", "sanchez"}, {"Ramírez", "ramirez"},
                                                     {"Torres", "torres"}, {"Flores", "flores"}, {"Rivera", "rivera"},
                                                     {"Gómez", "gomez"}, {"Díaz", "diaz"}, {"Vargas", "vargas"},
                                                     {"Castro", "castro"}, {"Mendoza", "mendoza"}, {"Rojas", "rojas"},
                                                     {"Herrera", "herrera"}, {"Morales", "morales"}, {"Quispe", "quispe"}}};
      const auto& f = kFirst[rng.below(kFirst.size())];
      const auto& l = kLast[rng.below(kLast.size())];
      return {std::string(f.text) + " " + std::string(l.text), email(f.latin, l.latin)};
    }
    case kRu: {
      struct First { std::string_view text, latin; bool female; };
      struct Last { std::string_view male, female, latin; };
      static constexpr std::array<First, 16> kFirst = {{{"Анна", "anna", true}, {"Иван", "ivan", false},
                                                       {"Елена", "elena", true}, {"Алексей", "aleksei", false},
                                                       {"Ольга", "olga", true}, {"Дмитрий", "dmitrii", false},
                                                       {"Наталья", "natalia", true}, {"Сергей", "sergei", false},
                                                       {"Айгерим", "aigerim", true}, {"Нурлан", "nurlan", false},
                                                       {"Марина", "marina", true}, {"Тимур", "timur", false},
                                                       {"Гульнара", "gulnara", true}, {"Азамат", "azamat", false},
                                                       {"Татьяна", "tatiana", true}, {"Андрей", "andrei", false}}};
      static constexpr std::array<Last, 12> kLast = {{{"Иванов", "Иванова", "ivanov"}, {"Смирнов", "Смирнова", "smirnov"},
                                                     {"Петров", "Петрова", "petrov"}, {"Кузнецов", "Кузнецова", "kuznetsov"},
                                                     {"Соколов", "Соколова", "sokolov"}, {"Ахметов", "Ахметова", "akhmetov"},
                                                     {"Алиев", "Алиева", "aliev"}, {"Каримов", "Каримова", "karimov"},
                                                     {"Волков", "Волкова", "volkov"}, {"Лебедев", "Лебедева", "lebedev"},
                                                     {"Морозов", "Морозова", "morozov"}, {"Исмаилов", "Исмаилова", "ismailov"}}};
      const auto& f = kFirst[rng.below(kFirst.size())];
      const auto& l = kLast[rng.below(kLast.size())];
      std::string latin_last = std::string(l.latin) + (f.female ? "a" : "");
      return {std::string(f.text) + " " + std::string(f.female ? l.female : l.male), email(f.latin, latin_last)};
    }
    case kAr: {
      static constexpr std::array<Name, 16> kFirst = {{{"فاطمة", "fatima"}, {"محمد", "mohamed"}, {"مريم", "mariam"},
                                                      {"أحمد", "ahmed"}, {"عائشة", "aisha"}, {"يوسف", "youssef"},
                                                      {"ليلى", "leila"}, {"خالد", "khaled"}, {"نور", "nour"},
                                                      {"عمر", "omar"}, {"سلمى", "salma"}, {"علي", "ali"},
                                                      {"هدى", "huda"}, {"كريم", "karim"}, {"رانيا", "rania"},
                                                      {"سامي", "sami"}}};
      static constexpr std::array<Name, 12> kLast = {{{"الحسن", "elhassan"}, {"بن علي", "benali"}, {"العمري", "alamri"},
                                                     {"منصور", "mansour"}, {"الخطيب", "alkhatib"}, {"حداد", "haddad"},
                                                     {"السيد", "elsayed"}, {"القاسمي", "alqasimi"}, {"عبد الله", "abdallah"},
                                                     {"الزين", "elzein"}, {"ناصر", "nasser"}, {"الشامي", "alshami"}}};
      const auto& f = kFirst[rng.below(kFirst.size())];
      const auto& l = kLast[rng.below(kLast.size())];
      return {std::string(f.text) + " " + std::string(l.text), email(f.latin, l.latin)};
    }
    case kZh: {
      static constexpr std::array<Name, 12> kSurname = {{{"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"},
                                                        {"陈", "chen"}, {"杨", "yang"}, {"黄", "huang"}, {"赵", "zhao"},
                                                        {"吴", "wu"}, {"周", "zhou"}, {"徐", "xu"}, {"孙", "sun"}}};
      static constexpr std::array<Name, 16> kGiven = {{{"伟", "wei"}, {"芳", "fang"}, {"娜", "na"}, {"敏", "min"},
                                                      {"静", "jing"}, {"丽", "li"}, {"强", "qiang"}, {"磊", "lei"},
                                                      {"洋", "yang"}, {"艳", "yan"}, {"勇", "yong"}, {"军", "jun"},
                                                      {"杰", "jie"}, {"婷", "ting"}, {"晓明", "xiaoming"}, {"海燕", "haiyan"}}};
      const auto& s = kSurname[rng.below(kSurname.size())];
      const auto& g = kGiven[rng.below(kGiven.size())];
      return {std::string(s.text) + std::string(g.text), email(g.latin, s.latin)};
    }
  }
  return {};
}

}  // namespace wsis::stocktaking::demo
